// The tracer (base/trace.h) and the job system's load accounting without a GPU; then `tessera run --trace`
// as users run it, its file validated against the trace-event format rather than merely parsed.
#include "base/trace.h"
#include "base/jobs.h"
#include "json_reader.h"

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace tessera {
namespace {

using test::Json;
using test::JsonReader;

// ---------------------------------------------------------------------------------------------------------
// The trace-event format's rules (Google's "Trace Event Format" document), checked on a parsed file.

struct TraceCheck {
    std::vector<std::string> problems;
    std::map<std::pair<int, int>, std::string> thread_names;  // (pid, tid) -> name
    std::map<int, std::string> process_names;
    std::vector<const Json*> events;  // every non-metadata event, pointing into the checked document
};

bool is_number(const Json& j) {
    return std::holds_alternative<double>(j.value);
}
bool is_string(const Json& j) {
    return std::holds_alternative<std::string>(j.value);
}
bool is_object(const Json& j) {
    return std::holds_alternative<Json::Object>(j.value);
}

TraceCheck check_trace(const Json& root) {
    TraceCheck c;
    auto problem = [&](size_t i, const std::string& what) {
        if (c.problems.size() < 20) c.problems.push_back("event " + std::to_string(i) + ": " + what);
    };
    if (!is_object(root) || !root.has("traceEvents")) {
        c.problems.push_back("no traceEvents array");
        return c;
    }
    const Json::Array& events = root["traceEvents"].array();
    struct Span {
        double ts, end;
        std::string name;
    };
    std::map<std::pair<int, int>, std::vector<Span>> complete;                          // X events per thread
    std::map<std::pair<int, int>, std::vector<std::pair<double, std::string>>> stacks;  // open B events
    std::map<std::pair<int, int>, double> last_be_ts;
    for (size_t i = 0; i < events.size(); ++i) {
        const Json& e = events[i];
        if (!is_object(e)) {
            problem(i, "not an object");
            continue;
        }
        for (const char* key : {"name", "ph"})
            if (!e.has(key) || !is_string(e[key])) problem(i, std::string("no string '") + key + "'");
        for (const char* key : {"ts", "pid", "tid"})
            if (!e.has(key) || !is_number(e[key])) problem(i, std::string("no number '") + key + "'");
        if (!c.problems.empty() && c.problems.back().starts_with("event " + std::to_string(i))) continue;
        const std::string& ph = e["ph"].string();
        const std::pair<int, int> thread{int(e["pid"].number()), int(e["tid"].number())};
        const double ts = e["ts"].number();
        if (ts < 0) problem(i, "negative ts");
        if (ph == "M") {
            if (!e.has("args") || !is_object(e["args"]) || !e["args"].has("name") ||
                !is_string(e["args"]["name"]))
                problem(i, "metadata without args.name");
            else if (e["name"].string() == "thread_name")
                c.thread_names[thread] = e["args"]["name"].string();
            else if (e["name"].string() == "process_name")
                c.process_names[thread.first] = e["args"]["name"].string();
            continue;
        }
        c.events.push_back(&e);
        if (ph == "X") {
            if (!e.has("dur") || !is_number(e["dur"]) || e["dur"].number() < 0)
                problem(i, "X without a non-negative dur");
            else
                complete[thread].push_back({ts, ts + e["dur"].number(), e["name"].string()});
        } else if (ph == "B" || ph == "E") {
            if (last_be_ts.count(thread) && ts < last_be_ts[thread])
                problem(i, "B/E timestamps go backwards");
            last_be_ts[thread] = ts;
            if (ph == "B")
                stacks[thread].push_back({ts, e["name"].string()});
            else if (stacks[thread].empty())
                problem(i, "E without B");
            else
                stacks[thread].pop_back();
        } else if (ph == "C") {
            if (!e.has("args") || !is_object(e["args"]) || e["args"].object().empty())
                problem(i, "C without args");
            else
                for (const auto& [key, value] : e["args"].object())
                    if (!is_number(value)) problem(i, "C argument '" + key + "' is not a number");
        } else if (ph == "i" || ph == "I") {
            if (e.has("s") &&
                !(is_string(e["s"]) && std::string("gpt").find(e["s"].string()) != std::string::npos))
                problem(i, "instant scope not g, p or t");
        } else {
            problem(i, "unexpected phase '" + ph + "'");
        }
    }
    for (const auto& [thread, open] : stacks)
        if (!open.empty()) c.problems.push_back("unbalanced B on tid " + std::to_string(thread.second));
    // X events on one thread nest or follow one another: sorted by start (longest first), each either ends
    // within the innermost open span or starts after it ended.
    for (auto& [thread, spans] : complete) {
        std::sort(spans.begin(), spans.end(),
                  [](const Span& a, const Span& b) { return a.ts != b.ts ? a.ts < b.ts : a.end > b.end; });
        std::vector<const Span*> open;
        for (const Span& s : spans) {
            while (!open.empty() && s.ts >= open.back()->end) open.pop_back();
            if (!open.empty() && s.end > open.back()->end + 1e-9 && c.problems.size() < 20)
                c.problems.push_back("pid " + std::to_string(thread.first) + " tid " +
                                     std::to_string(thread.second) + ": '" + s.name + "' overlaps '" +
                                     open.back()->name + "' without nesting");
            open.push_back(&s);
        }
        if (!c.thread_names.count(thread))
            c.problems.push_back("tid " + std::to_string(thread.second) + " has no thread_name");
    }
    return c;
}

std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

// ---------------------------------------------------------------------------------------------------------
// The tracer alone.

TEST(Trace, OffRecordsNothing) {
    trace::start();
    trace::stop();
    {
        TS_TRACE_SCOPE("off");
        trace::counter("off", 1.0);
        trace::instant("off");
        EXPECT_EQ(trace::current_scope(), nullptr);
    }
    EXPECT_EQ(trace::event_count(), 0u);
}

TEST(Trace, SpansNestAndEveryThreadIsNamed) {
    trace::start();
    trace::set_thread_name("main");
    {
        TS_TRACE_SCOPE("outer", "n", 7);
        EXPECT_STREQ(trace::current_scope(), "outer");
        {
            TS_TRACE_SCOPE("inner");
            trace::instant("mark");
        }
        trace::counter("count", 3.5);
        trace::counter("load", 0.25, "slot 1");
    }
    std::thread([] { TS_TRACE_SCOPE("on another thread"); }).join();
    trace::complete("gpu pass", trace::now_ns(), trace::now_ns() + 1000, nullptr, 0, trace::Track::gpu);
    trace::stop();
    EXPECT_EQ(trace::event_count(), 7u);
    const Json root = JsonReader::parse(trace::to_json());
    const TraceCheck c = check_trace(root);
    EXPECT_TRUE(c.problems.empty()) << join(c.problems);
    std::set<std::string> names;
    for (const auto& [thread, name] : c.thread_names) names.insert(name);
    EXPECT_TRUE(names.count("main"));
    EXPECT_TRUE(names.count("worker 1"));  // the unnamed thread
    EXPECT_EQ(c.process_names.at(2), "GPU");
    bool outer_has_arg = false;
    for (const Json* e : c.events)
        if ((*e)["name"].string() == "outer") outer_has_arg = (*e)["args"]["n"].number() == 7;
    EXPECT_TRUE(outer_has_arg);
}

TEST(Trace, ChunksAreNamedAfterTheLoopsScopeAndLoadsAddUp) {
    JobSystem jobs(3);
    trace::start();
    const std::vector<uint64_t> before = jobs.busy_ns();
    {
        TS_TRACE_SCOPE("busy loop");
        jobs.parallel_for(64, 1, [](size_t, size_t) {
            const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(200);
            while (std::chrono::steady_clock::now() < until) {
            }
        });
    }
    trace::stop();
    const ThreadLoad load = jobs.load_since(before);
    ASSERT_EQ(load.busy_ms.size(), 3u);
    double sum = 0;
    for (double ms : load.busy_ms) sum += ms;
    EXPECT_GE(sum, 64 * 0.2 * 0.9);  // every chunk's time counts once, waiting does not
    EXPECT_GE(load.imbalance(), 1.0);
    EXPECT_LE(load.imbalance(), 3.0);
    const Json root = JsonReader::parse(trace::to_json());
    const TraceCheck c = check_trace(root);
    EXPECT_TRUE(c.problems.empty()) << join(c.problems);
    double items = 0;  // the chunks carry their item counts; the loop's own span has none
    for (const Json* e : c.events)
        if ((*e)["name"].string() == "busy loop" && (*e).has("args")) items += (*e)["args"]["items"].number();
    EXPECT_EQ(items, 64.0);
}

TEST(ThreadLoad, ImbalanceIsSlowestOverMean) {
    EXPECT_DOUBLE_EQ((ThreadLoad{{2.0, 2.0}, 0}).imbalance(), 1.0);
    EXPECT_DOUBLE_EQ((ThreadLoad{{3.0, 1.0}, 0}).imbalance(), 1.5);
    EXPECT_DOUBLE_EQ((ThreadLoad{{0.0, 0.0}, 0}).imbalance(), 0.0);
    LoadStats stats;
    stats.add({{3.0, 1.0}, 4.0});
    stats.add({{1.0, 1.0}, 2.0});
    EXPECT_DOUBLE_EQ(stats.mean_imbalance(), 1.25);
    EXPECT_DOUBLE_EQ(stats.mean_wall_ms(), 3.0);
    EXPECT_EQ(stats.mean_busy_ms(), (std::vector<double>{2.0, 1.0}));
}

// One preempted frame in ten moves the mean, not the median frame.
TEST(ThreadLoad, PercentilesSeparateARareSlowFrameFromTheTypicalOne) {
    LoadStats stats;
    EXPECT_EQ(stats.imbalance_percentile(0.5), 0.0);
    for (int f = 0; f < 9; ++f) stats.add({{1.1, 0.9}, 1.0});  // imbalance 1.1
    stats.add({{5.0, 1.0}, 5.0});                              // imbalance 5/3
    EXPECT_NEAR(stats.mean_imbalance(), (9 * 1.1 + 5.0 / 3.0) / 10, 1e-9);
    EXPECT_NEAR(stats.imbalance_percentile(0.5), 1.10, 1e-9);
    EXPECT_NEAR(stats.imbalance_percentile(0.9), 1.10, 1e-9);
    EXPECT_NEAR(stats.imbalance_percentile(1.0), 1.66, 1e-9);  // 5/3, to 0.01 below
    std::vector<double> one_of_twenty(20, 0.0);
    one_of_twenty[0] = 1.0;
    stats.add({one_of_twenty, 1.0});  // imbalance 20, beyond the histogram: its last bin
    EXPECT_NEAR(stats.imbalance_percentile(1.0), 16.99, 1e-9);
}

// ---------------------------------------------------------------------------------------------------------
// `tessera run --trace` as a user runs it.

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

int run_tessera(const std::string& args, const std::filesystem::path& log) {
    const std::string command = std::string(TESSERA_BINARY) + " " + args + " >" + log.string() + " 2>&1";
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class TraceRun : public ::testing::Test {
protected:
    std::filesystem::path dir_ = std::filesystem::path(TESSERA_TEST_OUTPUT_DIR) / "trace";
    void SetUp() override { std::filesystem::create_directories(dir_); }

    // Runs `tessera run ARGS --trace` with 3 threads and validation, then checks the file in every way that
    // does not depend on the mode.
    void run_and_check(const std::string& name, const std::string& args) {
        const auto trace_path = dir_ / (name + ".json"), stats_path = dir_ / (name + "-stats.json");
        const auto log = dir_ / (name + ".log");
        ASSERT_EQ(
            run_tessera("run --headless --validate --threads 3 --set performance.worker_threads=3 " + args +
                            " --trace " + trace_path.string() + " --stats-json " + stats_path.string(),
                        log),
            0)
            << read_file(log);
        stats_ = JsonReader::parse(read_file(stats_path));
        root_ = JsonReader::parse(read_file(trace_path));
        check_ = check_trace(root_);
        ASSERT_TRUE(check_.problems.empty()) << join(check_.problems);

        // The GPU track: a process named "GPU" with a span for every pass the frame graph timed.
        int gpu_pid = -1;
        for (const auto& [pid, pname] : check_.process_names)
            if (pname == "GPU") gpu_pid = pid;
        ASSERT_GE(gpu_pid, 0) << "no GPU process";
        std::set<std::string> gpu_names, counters;
        std::map<int, double> cpu_submit_ts, gpu_frame_ts;  // by frame number
        std::set<int> worker_tids;
        size_t frames = 0;
        for (const Json* e : check_.events) {
            const Json& ev = *e;
            const std::string& ph = ev["ph"].string();
            const std::string& n = ev["name"].string();
            const int pid = int(ev["pid"].number()), tid = int(ev["tid"].number());
            if (pid == gpu_pid && ph == "X") {
                gpu_names.insert(n);
                if (n == "frame") gpu_frame_ts[int(ev["args"]["frame"].number())] = ev["ts"].number();
            } else if (ph == "C") {
                counters.insert(n);
            } else if (ph == "X") {
                const std::string& thread = check_.thread_names[{pid, tid}];
                if (thread.starts_with("worker ")) worker_tids.insert(tid);
                if (thread == "main" && n == "frame") ++frames;
                if (thread == "main" && n == "submit")
                    cpu_submit_ts[int(ev["args"]["frame"].number())] = ev["ts"].number();
            }
        }
        for (const auto& [pass, ms] : stats_["run"]["gpu_pass_ms"].object())
            EXPECT_TRUE(gpu_names.count(pass)) << "GPU track lacks pass '" << pass << "'";
        EXPECT_GE(frames, 20u);
        // oneTBB decides which threads take the chunks: on this 2-core machine, loaded by the other tests, a
        // worker may find nothing left to steal in a short run, so one worker with jobs is what can be required.
        EXPECT_GE(worker_tids.size(), 1u) << "no worker thread ran jobs";
        for (const char* counter : {"visible cubes", "frame ms", "GPU memory MiB", "GPU frame ms"})
            EXPECT_TRUE(counters.count(counter)) << "no counter '" << counter << "'";
        // Alignment: a frame runs on the GPU after the CPU submitted it (1 ms allowed for the calibration).
        size_t aligned = 0;
        for (const auto& [frame, ts] : gpu_frame_ts)
            if (cpu_submit_ts.count(frame)) {
                EXPECT_GE(ts, cpu_submit_ts[frame] - 1000.0) << "GPU frame " << frame << " before its submit";
                ++aligned;
            }
        EXPECT_GE(aligned, 10u);
        counters_ = counters;
    }

    Json stats_, root_;
    TraceCheck check_;  // points into root_
    std::set<std::string> counters_;
};

TEST_F(TraceRun, SimulatedRunHasEveryThreadTheGpuTrackAndCounters) {
    run_and_check("simulate", "--cubes 2000 --frames 20 --simulate");
    std::set<std::string> names;
    for (const Json* e : check_.events) names.insert((*e)["name"].string());
    for (const char* span : {"update stage", "extract stage", "motion", "steering", "extract",
                             "wait for slot", "record", "submit", "present", "spawn entities"})
        EXPECT_TRUE(names.count(span)) << "no span '" << span << "'";
    EXPECT_TRUE(counters_.count("thread imbalance"));
    const Json& loads = stats_["run"]["thread_load"];
    ASSERT_TRUE(loads.has("update") && loads.has("extract"));
    EXPECT_EQ(loads["update"]["busy_ms"].array().size(), 3u);
    EXPECT_GE(loads["update"]["imbalance"].number(), 1.0);
}

TEST_F(TraceRun, CpuModeRecordsOnTheWorkers) {
    run_and_check("cpu", "--mode cpu --cubes 20000 --frames 20");
    std::set<std::string> worker_spans;
    for (const Json* e : check_.events) {
        const auto it = check_.thread_names.find({int((*e)["pid"].number()), int((*e)["tid"].number())});
        if (it != check_.thread_names.end() && it->second.starts_with("worker "))
            worker_spans.insert((*e)["name"].string());
    }
    EXPECT_TRUE(worker_spans.count("cpu cull + record")) << "no recording chunk on a worker";
    EXPECT_TRUE(counters_.count("record busy ms"));
    const Json& record = stats_["run"]["thread_load"]["record"];
    EXPECT_GE(record["imbalance"].number(), 1.0);
    EXPECT_GT(record["wall_ms"].number(), 0.0);
    // Linux says how long the job threads waited for a core (schedstat): a number, not null, on these machines.
    ASSERT_TRUE(stats_["run"].has("core_wait_ms_per_frame"));
    EXPECT_GE(stats_["run"]["core_wait_ms_per_frame"].number(), 0.0);
}

TEST_F(TraceRun, UnwritableTracePathFailsBeforeRendering) {
    const auto log = dir_ / "unwritable.log";
    EXPECT_EQ(run_tessera("run --headless --frames 2 --trace /nonexistent-dir/t.json", log), 2);
    const std::string text = read_file(log);
    EXPECT_NE(text.find("error: --trace"), std::string::npos) << text;
    EXPECT_EQ(text.find("renderer:"), std::string::npos) << "rendered before refusing: " << text;
}

}  // namespace
}  // namespace tessera

// The four rendering modes against each other and against an independent CPU reference (lavapipe, validation
// on).
#include "gpu_test_util.h"
#include "json_reader.h"

#include "app/commands.h"
#include "graph/frame_graph.h"
#include "render/camera.h"
#include "render/compute_raster.h"
#include "render/cull_pass.h"
#include "render/gpu_scene.h"
#include "vk/commands.h"
#include "vk/deletion_queue.h"
#include "vk/gpu_timer.h"

#include <glm/gtc/matrix_transform.hpp>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <vector>

namespace tessera {
namespace {

constexpr RenderMode kModes[] = {RenderMode::cpu, RenderMode::instanced, RenderMode::gpu_cull,
                                 RenderMode::gpu_lod};

struct ModeRender {
    Image image;
    int64_t visible;
};

ModeRender render_mode(Config config, RenderMode mode) {
    config.render.mode = mode;
    // With MSAA, compute-rastered cubes are aliased (one sample per pixel; compute_raster_test.cpp tests them
    // against the hardware at MSAA off and their depth merge at 4x): compare gpu-lod's hardware path here.
    if (config.graphics.msaa_samples > 1)
        config.render.compute_raster_max_pixels = config.render.lod_splat_pixels;
    app::Session session(app::SessionDesc{config, true, ""});
    const scene::SceneDesc desc{config.scene.kind, config.scene.seed, config.scene.cubes};
    render::GpuScene scene(session.device(), desc, session.jobs());
    app::RunRequest request;
    request.frames = 5;
    request.capture_last_frame = true;
    app::RunResult result = app::run_frames(session, scene, request);
    EXPECT_EQ(session.instance().validation_errors(), 0u) << to_string(mode);
    return {result.image ? *result.image : Image{}, result.visible_cubes};
}

// Every mode draws the same cubes from the same camera: same image (within the reference tolerance, for
// rasterisation order of coincident depths) and the same visible count.
void expect_modes_agree(const Config& config, const std::string& name) {
    const ModeRender reference = render_mode(config, RenderMode::instanced);
    EXPECT_GT(reference.visible, 0) << name;
    EXPECT_LT(reference.visible, static_cast<int64_t>(config.scene.cubes)) << name << ": nothing was culled";
    for (RenderMode mode : kModes) {
        const ModeRender r = render_mode(config, mode);
        EXPECT_EQ(r.visible, reference.visible) << name << " " << to_string(mode);
        test::expect_images_match(reference.image, r.image, name + "_" + std::string(to_string(mode)), 8,
                                  0.005);
    }
}

TEST(Modes, GridFromOrbitCameraAgree) {
    Config config = test::small_scene_config(4000);
    config.camera.path = CameraPath::orbit;
    expect_modes_agree(config, "modes_grid_orbit");
}

TEST(Modes, RandomFromFlyCameraAgree) {
    Config config = test::small_scene_config(6000);
    config.scene.kind = SceneKind::random;
    config.scene.seed = 7;
    config.camera.path = CameraPath::fly;
    config.graphics.msaa_samples = 1;
    expect_modes_agree(config, "modes_random_fly");
}

TEST(Modes, GalaxyFromStaticCameraAgreeWithThreeFramesInFlight) {
    Config config = test::small_scene_config(5000);
    config.scene.kind = SceneKind::galaxy;
    // Portrait, so that the static camera culls some cubes: the galaxy's 20 clusters all fit a 320x240 frame.
    config.window.width = 240;
    config.window.height = 320;
    config.performance.frames_in_flight = 3;
    config.performance.worker_threads = 2;  // the cpu mode records on two threads
    expect_modes_agree(config, "modes_galaxy_static");
}

// ---- culling against an independent reference -----------------------------------------------------------

// Frustum planes built from the camera's basis and field of view (not extracted from a matrix, as the
// renderer does), inward normals: inside when dot(n, p) + d >= 0.
std::array<glm::vec4, 6> reference_planes(const render::Camera& c, float aspect) {
    const glm::vec3 f = glm::normalize(c.target - c.position);
    const glm::vec3 r = glm::normalize(glm::cross(f, c.up));
    const glm::vec3 u = glm::cross(r, f);
    const float ty = std::tan(glm::radians(c.fov_degrees) * 0.5f), tx = ty * aspect;
    const auto through_eye = [&](glm::vec3 n) {
        n = glm::normalize(n);
        return glm::vec4(n, -glm::dot(n, c.position));
    };
    return {through_eye(r + tx * f),
            through_eye(-r + tx * f),
            through_eye(u + ty * f),
            through_eye(-u + ty * f),
            glm::vec4(f, -glm::dot(f, c.position + f * c.near_plane)),
            glm::vec4(-f, glm::dot(f, c.position + f * c.far_plane))};
}

bool reference_visible(const std::array<glm::vec4, 6>& planes, const gpu::CubeInstance& cube) {
    const float radius = cube.scale * 0.8660254f;
    for (const glm::vec4& p : planes)
        if (glm::dot(glm::vec3(p), cube.position) + p.w < -radius) return false;
    return true;
}

gpu::CubeInstance cube_at(glm::vec3 p, float scale = 1.0f) {
    return {p, scale, scene::pack_rotation({0, 0, 0, 1}), scene::pack_color({1, 1, 1, 1}), 0};
}

struct CullCase {
    const char* name;
    render::Camera camera;
};

std::vector<CullCase> cull_cameras() {
    std::vector<CullCase> cases;
    const auto cam = [](glm::vec3 pos, glm::vec3 target, float near, float far) {
        render::Camera c;
        c.position = pos;
        c.target = target;
        c.near_plane = near;
        c.far_plane = far;
        c.fov_degrees = 60.0f;
        return c;
    };
    cases.push_back({"outside looking in", cam({0, 20, 120}, {0, 0, 0}, 0.5f, 400.0f)});
    cases.push_back({"inside the field", cam({3, 1, -4}, {40, -2, 25}, 0.5f, 400.0f)});
    cases.push_back({"near plane cuts the field", cam({0, 0, 70}, {0, 0, 0}, 30.0f, 400.0f)});
    cases.push_back({"far plane cuts the field", cam({-60, 10, -60}, {0, 0, 0}, 0.5f, 90.0f)});
    cases.push_back({"looking straight down", cam({0, 150, 0.01f}, {0, 0, 0}, 0.5f, 400.0f)});
    return cases;
}

// Cubes straddling (visible), just outside (culled) and just inside each of the six planes.
void add_plane_edge_cases(const render::Camera& camera, float aspect, std::vector<gpu::CubeInstance>& cubes) {
    const auto planes = reference_planes(camera, aspect);
    const glm::vec3 f = glm::normalize(camera.target - camera.position);
    const glm::vec3 inside = camera.position + f * (0.5f * (camera.near_plane + camera.far_plane));
    const float radius = 0.8660254f;
    for (const glm::vec4& plane : planes) {
        const glm::vec3 n(plane);
        const glm::vec3 on_plane = inside - n * (glm::dot(n, inside) + plane.w);
        for (float s : {-1.5f, -0.5f, 0.5f}) cubes.push_back(cube_at(on_plane + n * (s * radius)));
    }
}

TEST(Cull, GpuCullMatchesIndependentCpuReference) {
    Config config = test::small_scene_config();
    app::Session session(app::SessionDesc{config, true, ""});
    const vk::Device& device = session.device();
    const VkExtent2D extent{320, 240};
    const float aspect = 320.0f / 240.0f;
    int batched = 0;  // cameras whose large raster bucket was batched

    for (const CullCase& c : cull_cameras()) {
        SCOPED_TRACE(c.name);
        std::vector<gpu::CubeInstance> cubes;
        std::mt19937 rng(42);
        std::uniform_real_distribution<float> pos(-100.0f, 100.0f), size(0.2f, 3.0f);
        for (int i = 0; i < 20000; ++i)
            cubes.push_back(cube_at({pos(rng), pos(rng) * 0.2f, pos(rng)}, size(rng)));
        add_plane_edge_cases(c.camera, aspect, cubes);
        render::GpuScene scene(device, cubes, session.jobs());

        vk::Buffer uniforms(device, sizeof(gpu::FrameUniforms), VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT,
                            vk::MemoryUse::upload, "test uniforms");
        const gpu::FrameUniforms u =
            render::frame_uniforms(c.camera, {extent.width, extent.height}, cubes.size());
        std::memcpy(uniforms.mapped(), &u, sizeof u);
        uniforms.flush();

        // ids; LOD buckets without splatting; with splatting (sub-pixel cubes leave the lists); with splatting
        // and the compute raster (cubes up to 12 pixels go to the raster buckets' region of the list), its large
        // bucket batched as on any CPU device or a cube per workgroup.
        struct Variant {
            render::CullOutput output;
            float splat_pixels, raster_pixels;  // raster < 0: off
            uint32_t batch_groups = 0;          // the large raster bucket's (0: the device's, 16 here)
            float small_pixels = 8.0f;  // the small raster bucket's limit (0: the device's: no large bucket)
        };
        for (const Variant v :
             {Variant{render::CullOutput::ids, 0.0f, -1.0f}, Variant{render::CullOutput::lod, 0.0f, -1.0f},
              Variant{render::CullOutput::lod, 2.0f, -1.0f}, Variant{render::CullOutput::lod, 2.0f, 12.0f},
              Variant{render::CullOutput::lod, 2.0f, 12.0f, 16'777'216},
              Variant{render::CullOutput::lod, 2.0f, 12.0f, 0, 0.0f}}) {
            const render::CullOutput output = v.output;
            const render::ModeDesc desc{.device = &device,
                                        .scene = &scene,
                                        .jobs = &session.jobs(),
                                        .color_format = VK_FORMAT_B8G8R8A8_SRGB,
                                        .depth_format = VK_FORMAT_D32_SFLOAT,
                                        .frames_in_flight = 1,
                                        .lod_full_pixels = 24.0f,
                                        .lod_splat_pixels = v.splat_pixels,
                                        .raster_max_pixels = v.raster_pixels,
                                        .raster_small_pixels = v.small_pixels,
                                        .raster_batch_groups = v.batch_groups};
            render::CullPass cull(desc, output);
            vk::DeletionQueue retired;
            vk::GpuTimer timer(device, 1, 16);
            timer.begin_frame(0);
            graph::FrameGraph graph(device, 1, &timer, &retired);
            render::FrameTargets targets;
            targets.cubes = graph.import_buffer("cubes");
            targets.clusters = graph.import_buffer("cluster spheres");
            targets.uniforms = graph.import_buffer("frame uniforms");
            graph.assume_written(targets.cubes, VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT);
            graph.assume_written(targets.clusters, VK_PIPELINE_STAGE_2_COPY_BIT,
                                 VK_ACCESS_2_TRANSFER_WRITE_BIT);
            render::FrameContext frame;
            frame.extent = extent;
            frame.frame_uniforms = uniforms.address();
            cull.add_passes(graph, targets, frame);
            // The lists as the cull passes leave them, copied to host memory by a pass of the test's own.
            const graph::ResourceId ids_copy = graph.add_buffer({.name = "ids copy",
                                                                 .size = VkDeviceSize(cubes.size()) * 8,
                                                                 .memory = vk::MemoryUse::readback});
            const graph::ResourceId raster_ids_copy =
                graph.add_buffer({.name = "raster ids copy",
                                  .size = VkDeviceSize(cubes.size()) * 4,
                                  .memory = vk::MemoryUse::readback});
            const graph::ResourceId dispatch_copy =
                graph.add_buffer({.name = "dispatch copy",
                                  .size = sizeof(gpu::DispatchIndirect) * TS_RASTER_DISPATCHES,
                                  .memory = vk::MemoryUse::readback});
            const graph::ResourceId draws_copy =
                graph.add_buffer({.name = "draws copy",
                                  .size = sizeof(gpu::DrawIndexedIndirect) * TS_LOD_BUCKETS,
                                  .memory = vk::MemoryUse::readback});
            graph::PassDesc copy{.name = "copy", .kind = graph::PassKind::transfer};
            std::vector<std::pair<graph::ResourceId, graph::ResourceId>> copies = {
                {cull.ids_id(), ids_copy}, {cull.draws_id(), draws_copy}};
            if (cull.rastering()) {
                copies.push_back({cull.dispatches_id(), dispatch_copy});
                copies.push_back({cull.raster_ids_id(), raster_ids_copy});
            }
            for (auto [from, to] : copies) {
                copy.uses.push_back({.resource = from,
                                     .usage = graph::Usage::transfer_read,
                                     .stages = VK_PIPELINE_STAGE_2_COPY_BIT});
                copy.uses.push_back({.resource = to,
                                     .usage = graph::Usage::transfer_write,
                                     .stages = VK_PIPELINE_STAGE_2_COPY_BIT});
                copy.uses.push_back({.resource = to,
                                     .usage = graph::Usage::host_read,
                                     .stages = VK_PIPELINE_STAGE_2_HOST_BIT});
            }
            copy.record = [&](graph::PassContext& ctx) {
                const VkBufferCopy id_region{
                    0, 0, std::min(ctx.buffer(cull.ids_id()).size(), ctx.buffer(ids_copy).size())};
                const VkBufferCopy draw_region{0, 0, ctx.buffer(draws_copy).size()};
                vkCmdCopyBuffer(ctx.cmd, ctx.buffer(cull.ids_id()).handle(), ctx.buffer(ids_copy).handle(), 1,
                                &id_region);
                vkCmdCopyBuffer(ctx.cmd, ctx.buffer(cull.draws_id()).handle(),
                                ctx.buffer(draws_copy).handle(), 1, &draw_region);
                if (!cull.rastering()) return;
                const VkBufferCopy dispatch_region{0, 0,
                                                   sizeof(gpu::DispatchIndirect) * TS_RASTER_DISPATCHES};
                vkCmdCopyBuffer(ctx.cmd, ctx.buffer(cull.dispatches_id()).handle(),
                                ctx.buffer(dispatch_copy).handle(), 1, &dispatch_region);
                const VkBufferCopy raster_region{0, 0, ctx.buffer(raster_ids_copy).size()};
                vkCmdCopyBuffer(ctx.cmd, ctx.buffer(cull.raster_ids_id()).handle(),
                                ctx.buffer(raster_ids_copy).handle(), 1, &raster_region);
            };
            graph.add_pass(std::move(copy));
            // The splat buffer is sized from the target's extent: a graph without a target image takes it
            // here.
            graph.set_target(VK_NULL_HANDLE, VK_NULL_HANDLE, VK_FORMAT_B8G8R8A8_SRGB, extent,
                             VK_IMAGE_LAYOUT_PRESENT_SRC_KHR, 1);
            vk::submit_and_wait(device, [&](VkCommandBuffer cmd) { graph.record(cmd, 0, 1); });
            const vk::Buffer& ids = graph.buffer(ids_copy, 0);
            const vk::Buffer& draws = graph.buffer(draws_copy, 0);
            ids.invalidate();
            draws.invalidate();
            const auto* commands = static_cast<const gpu::DrawIndexedIndirect*>(draws.mapped());
            const auto* list = static_cast<const uint32_t*>(ids.mapped());
            const uint32_t full = commands[TS_LOD_FULL].instance_count,
                           faces = commands[TS_LOD_FACES].instance_count;
            const uint32_t splatted = commands[TS_LOD_SPLAT].instance_count;
            const uint32_t small = commands[TS_LOD_RASTER_SMALL].instance_count,
                           large = commands[TS_LOD_RASTER_LARGE].instance_count;
            const uint32_t capacity = cull.capacity();
            // The counts never exceed their list, the two ends of a list never overlap, and each bucket's draw
            // command is its range of its list (the hardware buckets' or the compute raster's).
            ASSERT_LE(uint64_t(full) + faces, capacity);
            ASSERT_LE(uint64_t(small) + large, capacity);
            if (output == render::CullOutput::lod) {
                EXPECT_EQ(commands[TS_LOD_FULL].first_instance, 0u);
                EXPECT_EQ(commands[TS_LOD_FACES].first_instance, capacity - faces);
            }
            if (output == render::CullOutput::ids) {
                EXPECT_EQ(faces, 0u);
            }
            EXPECT_EQ(splatted > 0, cull.splatting()) << "splat bucket count " << splatted;
            EXPECT_EQ(small + large > 0, cull.rastering())
                << "raster bucket counts " << small << ", " << large;

            std::multiset<uint32_t> gpu_ids(list, list + full);
            for (uint32_t i = 0; i < faces; ++i) gpu_ids.insert(list[capacity - 1 - i]);
            if (cull.rastering()) {
                EXPECT_EQ(commands[TS_LOD_RASTER_SMALL].first_instance, 0u);
                EXPECT_EQ(commands[TS_LOD_RASTER_LARGE].first_instance, capacity - large);
                const vk::Buffer& raster_ids = graph.buffer(raster_ids_copy, 0);
                raster_ids.invalidate();
                const auto* raster_list = static_cast<const uint32_t*>(raster_ids.mapped());
                for (uint32_t i = 0; i < small; ++i) gpu_ids.insert(raster_list[i]);
                for (uint32_t i = 0; i < large; ++i) gpu_ids.insert(raster_list[capacity - 1 - i]);
                // The indirect dispatches cover each raster bucket exactly: no group beyond its list.
                const vk::Buffer& dispatches = graph.buffer(dispatch_copy, 0);
                dispatches.invalidate();
                const auto* d = static_cast<const gpu::DispatchIndirect*>(dispatches.mapped());
                const auto groups = [](const gpu::DispatchIndirect& g) { return uint64_t(g.x) * g.y * g.z; };
                EXPECT_EQ(groups(d[0]), (small + TS_RASTER_SMALL_GROUP - 1) / TS_RASTER_SMALL_GROUP);
                // The large bucket: a workgroup per cube, or batches of the largest power of two (up to
                // TS_RASTER_LARGE_CUBES) cubes that still leaves raster_batch_groups() workgroups.
                uint32_t per_group = 1;
                while (per_group * 2 <= TS_RASTER_LARGE_CUBES &&
                       large / (per_group * 2) >= render::raster_batch_groups(desc))
                    per_group *= 2;
                if (per_group > 1) ++batched;
                EXPECT_EQ(groups(d[1]), per_group == 1 ? large : 0u);
                EXPECT_EQ(groups(d[2]), per_group == 1 ? 0u : (large + per_group - 1) / per_group);
                if (v.small_pixels == 0.0f &&
                    device.gpu().properties.deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU) {
                    EXPECT_EQ(large, 0u) << "a CPU device's small raster bucket takes every cube";
                }
            }
            std::multiset<uint32_t> cpu_ids;
            const auto planes = reference_planes(c.camera, aspect);
            for (uint32_t i = 0; i < cubes.size(); ++i)
                if (reference_visible(planes, cubes[i])) cpu_ids.insert(i);
            EXPECT_GT(cpu_ids.size(), 0u);
            EXPECT_LT(cpu_ids.size(), cubes.size());
            EXPECT_EQ(gpu_ids.size() + splatted, cpu_ids.size());
            EXPECT_EQ(uint64_t(full) + faces + splatted + small + large, cpu_ids.size());
            EXPECT_TRUE(std::includes(cpu_ids.begin(), cpu_ids.end(), gpu_ids.begin(), gpu_ids.end()))
                << "the GPU listed cubes the reference culls";
            if (cull.splatting()) continue;  // splatted cubes are counted, not listed
            EXPECT_TRUE(gpu_ids == cpu_ids) << "the GPU's visible set differs from the reference";
            // Every edge case came out as designed: straddling and inside visible, outside culled.
            for (size_t k = 0; k < 18; ++k) {
                const uint32_t id = static_cast<uint32_t>(20000 + k);
                EXPECT_EQ(gpu_ids.count(id), k % 3 == 0 ? 0u : 1u) << "edge case " << k;
            }
        }
    }
    EXPECT_EQ(session.instance().validation_errors(), 0u);
    EXPECT_GT(batched, 0) << "no camera batched the large raster bucket";
}

// ---- the benchmark's report ------------------------------------------------------------------------------

// PassContext::version changes exactly when the graph creates a resource anew: the first frame, and for a
// buffer sized by the target, a new target of another extent; the cull reset fills the splat samples only then
// on CPU drivers.
TEST(Graph, ResourceVersionChangesExactlyWhenTheGraphRecreatesIt) {
    Config config = test::small_scene_config();
    app::Session session(app::SessionDesc{config, true, ""});
    const vk::Device& device = session.device();
    vk::DeletionQueue retired;
    vk::GpuTimer timer(device, 1, 16);
    graph::FrameGraph graph(device, 1, &timer, &retired);
    const graph::ResourceId per_pixel = graph.add_buffer({.name = "per pixel", .bytes_per_pixel = 4});
    const graph::ResourceId fixed = graph.add_buffer({.name = "fixed", .size = 256});
    std::vector<std::pair<uint64_t, uint64_t>> seen;
    graph::PassDesc pass{.name = "fill", .kind = graph::PassKind::transfer};
    for (graph::ResourceId id : {per_pixel, fixed})
        pass.uses.push_back(
            {.resource = id, .usage = graph::Usage::transfer_write, .stages = VK_PIPELINE_STAGE_2_COPY_BIT});
    pass.record = [&](graph::PassContext& ctx) {
        seen.emplace_back(ctx.version(per_pixel), ctx.version(fixed));
        vkCmdFillBuffer(ctx.cmd, ctx.buffer(per_pixel).handle(), 0, VK_WHOLE_SIZE, 0);
        vkCmdFillBuffer(ctx.cmd, ctx.buffer(fixed).handle(), 0, VK_WHOLE_SIZE, 0);
    };
    graph.add_pass(std::move(pass));
    // The target's generation changes with every new swapchain; the buffers follow the extent only (a new
    // swapchain of the same size keeps them).
    struct Target {
        VkExtent2D extent;
        uint64_t generation;
    };
    uint64_t frame = 0;
    for (const Target t : {Target{{64, 32}, 1}, Target{{64, 32}, 1}, Target{{48, 32}, 2}, Target{{48, 32}, 3},
                           Target{{64, 32}, 4}}) {
        graph.set_target(VK_NULL_HANDLE, VK_NULL_HANDLE, VK_FORMAT_B8G8R8A8_SRGB, t.extent,
                         VK_IMAGE_LAYOUT_PRESENT_SRC_KHR, t.generation);
        ++frame;
        vk::submit_and_wait(device, [&](VkCommandBuffer cmd) { graph.record(cmd, 0, frame); });
        retired.collect(frame);
    }
    const std::vector<std::pair<uint64_t, uint64_t>> expected = {{1, 1}, {1, 1}, {2, 1}, {2, 1}, {3, 1}};
    EXPECT_EQ(seen, expected);
}

TEST(Bench, JsonIsWellFormedAndHoldsEveryRequestedRun) {
    app::BenchOptions options;
    options.config = test::small_scene_config();
    options.config.window.width = 96;
    options.config.window.height = 64;
    options.modes = {std::begin(kModes), std::end(kModes)};
    options.cube_counts = {1000, 3000};
    options.thread_counts = {1, 2};
    options.frames = 3;
    options.warmup = 1;
    options.json_path = (test::output_dir() / "bench.json").string();
    options.csv_path = (test::output_dir() / "bench.csv").string();
    ASSERT_EQ(app::bench_command(options), ExitCode::ok);

    std::ifstream file(options.json_path);
    std::stringstream text;
    text << file.rdbuf();
    const test::Json json = test::JsonReader::parse(text.str());
    for (const char* key :
         {"gpu", "driver", "vulkan_api", "cpu", "cpu_cores", "width", "height", "git_commit", "date"})
        EXPECT_TRUE(json["context"].has(key)) << key;
    const auto& runs = json["runs"].array();
    ASSERT_EQ(runs.size(),
              2u * (2 + 3));  // per count: cpu at 1 and 2 threads, then the three GPU-driven modes
    std::map<double, double> visible_per_count;
    for (const test::Json& run : runs) {
        EXPECT_EQ(run["status"].string(), "ok");
        EXPECT_EQ(run["frames"].number(), 3);
        EXPECT_GT(run["fps"].number(), 0);
        for (const char* key : {"frame_ms", "cpu_ms", "gpu_ms"}) EXPECT_TRUE(run[key].has("p99")) << key;
        // Every pass has its GPU time by name; every mode draws.
        EXPECT_TRUE(run["gpu_pass_ms"].has("frame"));
        EXPECT_TRUE(run["gpu_pass_ms"].has("draw") || run["gpu_pass_ms"].has("draw full"))
            << run["mode"].string();
        EXPECT_GT(run["peak_gpu_memory_bytes"].number(), 0);
        const double cubes = run["cubes"].number(), visible = run["visible_cubes"].number();
        if (!visible_per_count.count(cubes)) visible_per_count[cubes] = visible;
        EXPECT_EQ(visible, visible_per_count[cubes]) << run["mode"].string() << " at " << cubes;
    }
    std::ifstream csv(options.csv_path);
    std::string header;
    std::getline(csv, header);
    EXPECT_EQ(header, "mode,cubes,threads,frame,frame_ms,cpu_ms,gpu_ms,device_mib,gpu_passes");
    size_t rows = 0, with_gpu = 0, with_passes = 0;
    for (std::string row; std::getline(csv, row); ++rows) {
        std::vector<std::string> fields;
        for (size_t start = 0, comma; start <= row.size(); start = comma + 1) {
            comma = std::min(row.find(',', start), row.size());
            fields.push_back(row.substr(start, comma - start));
        }
        ASSERT_EQ(fields.size(), 9u) << row;  // pass names hold no commas
        with_gpu += !fields[6].empty();
        with_passes += fields[8].size() > 2 && fields[8].find("frame=") == std::string::npos &&
                       fields[8].find('=') != std::string::npos;
    }
    EXPECT_EQ(rows, runs.size() * 3);  // every measured frame, streamed as it settled
    EXPECT_EQ(with_gpu, rows);         // GPU times arrive late but before the row is written
    EXPECT_EQ(with_passes, rows);      // and so do the passes' times (the "frame" scope is gpu_ms)
}

TEST(Bench, CombinationThatDoesNotFitIsSkippedWithReason) {
    app::BenchOptions options;
    options.config = test::small_scene_config();
    options.config.window.width = 64;
    options.config.window.height = 64;
    options.modes = {RenderMode::gpu_cull};
    options.cube_counts = {4'000'000'000ull};
    options.frames = 2;
    options.warmup = 0;
    options.json_path = (test::output_dir() / "bench_skip.json").string();
    ASSERT_EQ(app::bench_command(options), ExitCode::ok);
    std::ifstream file(options.json_path);
    std::stringstream text;
    text << file.rdbuf();
    const test::Json json = test::JsonReader::parse(text.str());
    ASSERT_EQ(json["runs"].array().size(), 1u);
    EXPECT_EQ(json["runs"].array()[0]["status"].string(), "skipped");
    EXPECT_NE(json["runs"].array()[0]["reason"].string().find("GPU memory"), std::string::npos);
}

}  // namespace
}  // namespace tessera

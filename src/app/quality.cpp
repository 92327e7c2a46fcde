#include "app/quality.h"

#include "app/report.h"
#include "app/run_loop.h"
#include "base/atomic_file.h"
#include "base/image.h"
#include "base/json_writer.h"
#include "base/log.h"
#include "config/modes.h"
#include "render/gpu_scene.h"
#include "scene/generator.h"
#include "vk/offscreen.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tessera::app {
namespace {

constexpr uint32_t kSupersample = 4;    // the reference is 4x4 samples per output pixel
constexpr double kCameraSeconds = 0.0;  // every image shows the camera path at this time
constexpr const char* kReference = "instanced 4x4 supersampled";
// Per reference pixel on the GPU: the target's colour (BGRA8), depth (D32) and the capture read-back buffer.
constexpr uint64_t kReferenceBytesPerPixel = 12;

struct QualityRow {
    RenderMode mode;
    uint64_t cubes;
    uint32_t samples;  // MSAA samples the image was rendered with
    double psnr_db = 0;
    double mae = 0;
    std::string skipped_because;  // empty when measured
};

std::string psnr_text(double db) {
    return std::isinf(db) ? "inf" : fmt::format("{:.2f}", db);
}

void print_row(const QualityRow& row) {
    const std::string mode(to_string(row.mode));
    if (!row.skipped_because.empty())
        std::printf("%-10s %6s %7u   skipped: %s\n", mode.c_str(), count_text(row.cubes).c_str(), row.samples,
                    row.skipped_because.c_str());
    else
        std::printf("%-10s %6s %7u %9s %8.3f\n", mode.c_str(), count_text(row.cubes).c_str(), row.samples,
                    psnr_text(row.psnr_db).c_str(), row.mae);
    std::fflush(stdout);
}

// The reference must fit the device's image and framebuffer limits, its largest allocation and the GPU memory
// still free (the scene is already in it); else one error line saying which and what would fit.
void check_reference_fits(const vk::Device& device, VkExtent2D reference) {
    const VkPhysicalDeviceLimits& limits = device.limits();
    const uint32_t max_width = std::min(limits.maxImageDimension2D, limits.maxFramebufferWidth);
    const uint32_t max_height = std::min(limits.maxImageDimension2D, limits.maxFramebufferHeight);
    if (reference.width > max_width || reference.height > max_height)
        throw Error(fmt::format(
            "--quality: the {}x{} supersampled reference needs a {}x{} image; {} renders at most {}x{}: use "
            "--width and --height of at most {}x{}",
            kSupersample, kSupersample, reference.width, reference.height, device.gpu().name(), max_width,
            max_height, max_width / kSupersample, max_height / kSupersample));
    const uint64_t pixels = uint64_t(reference.width) * reference.height;
    const uint64_t needed = pixels * kReferenceBytesPerPixel;
    const uint64_t usable = device.gpu().device_local_bytes / 100 * 85;
    const uint64_t in_use = device.device_local_usage();
    const uint64_t available = usable > in_use ? usable - in_use : 0;
    if (needed > available || pixels * 4 > device.caps().max_allocation)
        throw Error(
            fmt::format("--quality: the {}x{} supersampled reference ({}x{}) needs {:.0f} MiB of GPU memory; "
                        "{} has {:.0f} MiB free (85% of its memory, less what is in use){}: use a smaller "
                        "--width and --height",
                        kSupersample, kSupersample, reference.width, reference.height,
                        double(needed) / (1 << 20), device.gpu().name(), double(available) / (1 << 20),
                        pixels * 4 > device.caps().max_allocation
                            ? fmt::format(" and allocates at most {:.0f} MiB at once",
                                          double(device.caps().max_allocation) / (1 << 20))
                            : ""));
}

// One frame of `mode` from `camera`, captured: MSAA `samples` (lowered to what the GPU has: `samples` says
// what was used), into `target` (or the session's).
Image render_image(Session& session, RunScene& scene, RenderMode mode, const render::Camera& camera,
                   uint32_t& samples, vk::Target* target) {
    RunRequest request;
    request.mode = mode;
    request.camera = camera;
    request.msaa_samples = samples;
    request.target = target;
    request.frames = 1;
    request.capture_last_frame = true;
    RunResult result = run_frames(session, scene, request);
    if (!result.image) throw Error("--quality: no frame was rendered");
    samples = result.samples;
    return std::move(*result.image);
}

std::string image_name(RenderMode mode, uint64_t cubes, uint32_t samples) {
    return fmt::format("{}-{}{}.png", to_string(mode), count_text(cubes),
                       samples > 1 ? fmt::format("-msaa{}", samples) : "");
}

std::string quality_json(Session& session, const BenchOptions& options, VkExtent2D reference,
                         const std::vector<QualityRow>& rows) {
    const VkExtent2D extent = session.target().extent();
    JsonWriter json;
    json.begin_object();
    json.key("context").begin_object();
    write_context(json, session);
    json.field("scene", to_string(options.config.scene.kind)).field("seed", options.config.scene.seed);
    json.field("camera", to_string(options.config.camera.path)).field("camera_seconds", kCameraSeconds);
    json.field("reference", kReference);
    json.field("reference_width", reference.width).field("reference_height", reference.height);
    json.field("downsample", "box 4x4 in linear light");
    json.end_object();
    json.key("quality").begin_array();
    for (const QualityRow& row : rows) {
        json.begin_object();
        json.field("mode", to_string(row.mode)).field("cubes", row.cubes);
        json.field("width", extent.width).field("height", extent.height).field("samples", row.samples);
        json.field("reference", kReference);
        json.field("status", row.skipped_because.empty() ? "ok" : "skipped");
        if (row.skipped_because.empty())
            json.field("psnr_db", row.psnr_db).field("mae", row.mae);  // infinite PSNR is written as null
        else
            json.field("reason", row.skipped_because);
        json.end_object();
    }
    json.end_array();
    json.end_object();
    return json.str() + "\n";
}

void check_images_dir(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        throw UsageError("--quality-images " + printable(dir.string()) +
                         ": not a directory (create it first)");
    check_output_path(dir / "reference.png", "--quality-images");
}

}  // namespace

ExitCode quality_command(const BenchOptions& options) {
    Config config = options.config;
    if (config.scene.simulate)
        throw UsageError(
            "--quality renders a fixed scene: drop --simulate and --simulate-gpu (or scene.simulate from the "
            "config file)");
    if (!options.json_path.empty()) check_output_path(options.json_path, "--json");
    const std::filesystem::path images_dir = options.quality_images;
    if (!images_dir.empty()) check_images_dir(images_dir);
    // One image at a time, and nothing timed: one frame in flight keeps the reference's memory to one target.
    config.performance.frames_in_flight = 1;
    Session session(SessionDesc{config, true, options.gpu});
    const VkExtent2D extent = session.target().extent();
    const VkExtent2D reference_extent{extent.width * kSupersample, extent.height * kSupersample};
    check_reference_fits(session.device(), reference_extent);

    std::printf("Tessera image quality on %s, %ux%u, %s scene, %s camera at %.0f s\n",
                session.device().gpu().name().c_str(), extent.width, extent.height,
                std::string(to_string(config.scene.kind)).c_str(),
                std::string(to_string(session.config().camera.path)).c_str(), kCameraSeconds);
    std::printf(
        "reference: instanced at %ux%u (%ux%u supersampled, MSAA off), box-filtered to %ux%u in linear "
        "light\n",
        reference_extent.width, reference_extent.height, kSupersample, kSupersample, extent.width,
        extent.height);
    std::printf("%-10s %6s %7s %9s %8s\n", "mode", "cubes", "samples", "PSNR dB", "MAE");
    std::fflush(stdout);

    std::vector<uint32_t> sample_counts = {1};
    if (config.graphics.msaa_samples > 1) sample_counts.push_back(config.graphics.msaa_samples);
    // The scene is shared by the reference and every mode: sized for the hungriest of them.
    RenderMode hungriest = RenderMode::instanced;
    for (const RenderMode mode : options.modes)
        if (mode_info(mode).gpu_bytes_per_cube > mode_info(hungriest).gpu_bytes_per_cube) hungriest = mode;

    std::vector<QualityRow> rows;
    for (const uint64_t cubes : options.cube_counts) {
        const scene::SceneDesc desc{config.scene.kind, config.scene.seed, cubes};
        RunScene scene(session, desc, hungriest);
        const render::Camera camera = render::camera_on_path(
            session.config().camera.path, scene::scene_bounds(desc), kCameraSeconds, config.camera);
        std::fprintf(stderr, "reference: instanced %s at %ux%u ...\n", count_text(cubes).c_str(),
                     reference_extent.width, reference_extent.height);
        Image reference;
        {
            check_reference_fits(session.device(), reference_extent);  // again, beside this scene
            vk::OffscreenTarget target(session.device(), reference_extent, 1);
            uint32_t samples = 1;
            const Image supersampled =
                render_image(session, scene, RenderMode::instanced, camera, samples, &target);
            // The offscreen target is sRGB: average in linear light, as an MSAA resolve does.
            reference = box_downsample(supersampled, kSupersample, PixelEncoding::srgb);
        }
        if (!images_dir.empty())
            save_png(images_dir / fmt::format("reference-{}.png", count_text(cubes)), reference);

        for (const RenderMode mode : options.modes) {
            const ModeInfo& info = mode_info(mode);
            for (const uint32_t samples : sample_counts) {
                QualityRow row{mode, cubes, samples};
                const uint64_t limit = info.culls_on_cpu ? options.max_cpu_cubes : info.max_cubes;
                std::optional<Image> image;
                if (cubes > limit)
                    row.skipped_because = fmt::format("{} stops at {} cubes{}", info.name, count_text(limit),
                                                      info.culls_on_cpu ? " (--max-cpu-cubes)" : "");
                else
                    row.skipped_because = attempt(
                        [&] { image = render_image(session, scene, mode, camera, row.samples, nullptr); });
                if (image) {
                    row.psnr_db = psnr(reference, *image);
                    row.mae = mean_absolute_error(reference, *image);
                    if (!images_dir.empty())
                        save_png(images_dir / image_name(mode, cubes, row.samples), *image);
                }
                print_row(row);
                rows.push_back(std::move(row));
            }
        }
    }

    if (!options.json_path.empty())
        write_text_file(options.json_path, quality_json(session, options, reference_extent, rows));
    check_stdout();
    return validation_exit_code(session.instance().validation_errors());
}

}  // namespace tessera::app

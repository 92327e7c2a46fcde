#pragma once
// `tessera bench --quality`: image quality measured against a reference, not eyeballed.
//
// For each cube count, the same frame (a fixed scene, the camera path's camera at a fixed time) is rendered
// once as the reference, with the instanced mode at 4x the width and 4x the height, MSAA off, and box-filtered
// 4x4 down to the configured size in linear light (base/image.h). Each requested mode then renders that frame
// at the configured size with one sample per pixel, and again at the configured MSAA when it is above 1; each
// image is scored against the reference: PSNR (dB over R, G, B, 8-bit peak 255) and mean absolute error
// (0-255 scale). A table goes to stdout; --json writes {"context", "quality": [...]} (PSNR null where the
// images are identical, i.e. infinite); --quality-images DIR writes every image as PNG.
//
// Modes the device cannot run, and counts beyond a mode's limit, are reported as skipped, as the bench does. A
// reference that does not fit (the image dimension limit, GPU memory) is one error line and exit code 1.
//
// Thread contract: main thread only.

#include "app/cli.h"
#include "base/error.h"

namespace tessera::app {

ExitCode quality_command(const BenchOptions& options);

}  // namespace tessera::app

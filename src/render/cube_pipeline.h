#pragma once
// The graphics pipelines every mode draws cubes with (shaders/cube.vert, cube.frag), and the cube index
// buffer. Geometry comes from gl_VertexIndex; instance data from the GPU scene by address; which cube an
// instance draws and whether it draws all faces are specialisation constants (CubeVariant). The visibility
// variant draws into gpu-lod's visibility buffer instead of colour and depth attachments (cube_visibility.frag).

#include "render/mode.h"
#include "render/reloadable_pipeline.h"
#include "shaders/shared.h"
#include "vk/handle.h"
#include "vk/resources.h"

namespace tessera::render {

enum class CubeIds : uint32_t {
    instance = TS_IDS_INSTANCE,  // cube gl_InstanceIndex
    visible = TS_IDS_VISIBLE,    // visible.ids[gl_InstanceIndex]; first_instance is the bucket's offset
};

struct CubeVariant {
    CubeIds ids = CubeIds::instance;
    bool faces_only = false;  // the three camera-facing faces: 18 indices instead of 36
    // Each fragment is an atomicMax of (depth | face | lit colour) into DrawPush::visibility, as the compute
    // raster writes it; the pipeline has no attachments (Device::caps().fragment_atomics and int64_atomics).
    bool visibility = false;
};

class CubePipeline {
public:
    CubePipeline(const ModeDesc& desc, CubeVariant variant);

    VkPipelineLayout layout() const { return layout_; }
    uint32_t index_count() const {
        return variant_.faces_only ? TS_CUBE_INDEX_COUNT / 2 : TS_CUBE_INDEX_COUNT;
    }
    // Binds the pipeline, index buffer, viewport and scissor, and pushes the draw constants.
    void bind(VkCommandBuffer cmd, VkExtent2D extent, const gpu::DrawPush& push) const;
    // For a drawing pass: declares the reads every cube draw makes (the scene, the uniforms, the indices) and
    // the attachments (`targets.attach`); for the visibility variant, the read-write of `visibility` instead.
    static void declare_draw(graph::PassDesc& pass, const FrameTargets& targets, bool first,
                             graph::ResourceId visibility = graph::kNoResource);

private:
    CubeVariant variant_;
    vk::Handle<VkPipelineLayout> layout_;
    ReloadablePipeline pipeline_;  // cube.vert + cube.frag
    vk::Buffer indices_;
};

}  // namespace tessera::render

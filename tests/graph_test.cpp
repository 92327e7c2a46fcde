// The frame graph's barrier derivation (StateTracker) and frame planning (plan_frame), without a GPU. Every
// test states the exact barriers expected, field by field, so that a changed stage, access mask, layout or
// mip range fails here rather than as a validation error (or a silent hazard) on some driver.
#include "graph/plan.h"
#include "graph/resource_state.h"

#include <gtest/gtest.h>

#include <ostream>
#include <span>
#include <string>
#include <vector>

namespace tessera::graph {

// GoogleTest prints a Barrier with this (found by argument-dependent lookup) when a comparison fails.
void PrintTo(const Barrier& b, std::ostream* os) {
    *os << "{resource " << b.resource << ": " << describe(b);
    if (b.image) {
        *os << ", layers " << b.range.base_layer << "+" << b.range.layer_count << ", "
            << layout_name(b.old_layout) << " => " << layout_name(b.new_layout);
    }
    *os << "}";
}

namespace {

constexpr VkPipelineStageFlags2 kNone = VK_PIPELINE_STAGE_2_NONE;
constexpr VkPipelineStageFlags2 kCompute = VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT;
constexpr VkPipelineStageFlags2 kIndirect = VK_PIPELINE_STAGE_2_DRAW_INDIRECT_BIT;
constexpr VkPipelineStageFlags2 kVertex = VK_PIPELINE_STAGE_2_VERTEX_SHADER_BIT;
constexpr VkPipelineStageFlags2 kFragment = VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT;
constexpr VkPipelineStageFlags2 kColourOut = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT;
constexpr VkPipelineStageFlags2 kDepthTests =
    VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT | VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT;
constexpr VkPipelineStageFlags2 kCopy = VK_PIPELINE_STAGE_2_COPY_BIT;
constexpr VkPipelineStageFlags2 kHost = VK_PIPELINE_STAGE_2_HOST_BIT;

constexpr VkAccessFlags2 kNoAccess = VK_ACCESS_2_NONE;
constexpr VkAccessFlags2 kStorageRead = VK_ACCESS_2_SHADER_STORAGE_READ_BIT;
constexpr VkAccessFlags2 kStorageWrite = VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT;
constexpr VkAccessFlags2 kUniformRead = VK_ACCESS_2_UNIFORM_READ_BIT;
constexpr VkAccessFlags2 kIndirectRead = VK_ACCESS_2_INDIRECT_COMMAND_READ_BIT;
constexpr VkAccessFlags2 kSampledRead = VK_ACCESS_2_SHADER_SAMPLED_READ_BIT;
constexpr VkAccessFlags2 kTransferRead = VK_ACCESS_2_TRANSFER_READ_BIT;
constexpr VkAccessFlags2 kTransferWrite = VK_ACCESS_2_TRANSFER_WRITE_BIT;
constexpr VkAccessFlags2 kHostRead = VK_ACCESS_2_HOST_READ_BIT;
constexpr VkAccessFlags2 kColourWrite = VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT;
constexpr VkAccessFlags2 kColourReadWrite = VK_ACCESS_2_COLOR_ATTACHMENT_READ_BIT | kColourWrite;
constexpr VkAccessFlags2 kDepthWrite = VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT;
constexpr VkAccessFlags2 kDepthReadWrite = VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_READ_BIT | kDepthWrite;

constexpr VkImageLayout kUndefined = VK_IMAGE_LAYOUT_UNDEFINED;
constexpr VkImageLayout kGeneral = VK_IMAGE_LAYOUT_GENERAL;
constexpr VkImageLayout kColourLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
constexpr VkImageLayout kDepthLayout = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL;
constexpr VkImageLayout kReadOnly = VK_IMAGE_LAYOUT_READ_ONLY_OPTIMAL;
constexpr VkImageLayout kTransferSrc = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL;

Barrier buffer_barrier(ResourceId id, VkPipelineStageFlags2 src_stages, VkAccessFlags2 src_access,
                       VkPipelineStageFlags2 dst_stages, VkAccessFlags2 dst_access) {
    Barrier b;
    b.resource = id;
    b.src_stages = src_stages;
    b.src_access = src_access;
    b.dst_stages = dst_stages;
    b.dst_access = dst_access;
    return b;
}

// An image barrier over mips [base_mip, base_mip + mip_count) of one layer.
Barrier image_barrier(ResourceId id, uint32_t base_mip, uint32_t mip_count, VkPipelineStageFlags2 src_stages,
                      VkAccessFlags2 src_access, VkPipelineStageFlags2 dst_stages, VkAccessFlags2 dst_access,
                      VkImageLayout old_layout, VkImageLayout new_layout, uint32_t layer = 0) {
    Barrier b = buffer_barrier(id, src_stages, src_access, dst_stages, dst_access);
    b.image = true;
    b.range = {base_mip, mip_count, layer, 1};
    b.old_layout = old_layout;
    b.new_layout = new_layout;
    return b;
}

ResourceUse use_of(ResourceId id, Usage usage, VkPipelineStageFlags2 stages, SubresourceRange range = {},
                   bool discard = false) {
    return {id, usage, stages, range, discard};
}

SubresourceRange mips(uint32_t base, uint32_t count) {
    return {base, count, 0, kAllLayers};
}

// The barriers one use needs (and records it).
std::vector<Barrier> barriers_for(StateTracker& tracker, const ResourceUse& use) {
    std::vector<Barrier> out;
    tracker.use(use, out);
    return out;
}

std::vector<Barrier> slice(const FramePlan& plan, uint32_t first, uint32_t count) {
    return {plan.barriers.begin() + first, plan.barriers.begin() + first + count};
}
std::vector<Barrier> before(const FramePlan& plan, size_t step) {
    return slice(plan, plan.steps[step].before_first, plan.steps[step].before_count);
}
std::vector<Barrier> after(const FramePlan& plan, size_t step) {
    return slice(plan, plan.steps[step].after_first, plan.steps[step].after_count);
}

std::vector<uint32_t> step_passes(const FramePlan& plan) {
    std::vector<uint32_t> passes;
    for (const Step& s : plan.steps) passes.push_back(s.pass);
    return passes;
}

// "pass: begin end" per step, to compare the rendering instances at a glance.
std::string rendering_of(const FramePlan& plan) {
    std::string out;
    for (const Step& s : plan.steps) {
        out += std::to_string(s.pass) + ":";
        if (s.begin_rendering) out += " begin";
        if (s.end_rendering) out += " end";
        out += "; ";
    }
    return out;
}

// ---------------------------------------------------------------------------------------------------------
// StateTracker: buffers.

TEST(ResourceState, ComputeWriteThenIndirectThenVertexRead) {
    StateTracker t;
    const ResourceId buf = t.add_buffer();
    EXPECT_EQ(barriers_for(t, use_of(buf, Usage::storage_write, kCompute)), std::vector<Barrier>{})
        << "a first write waits for nothing";
    EXPECT_EQ(barriers_for(t, use_of(buf, Usage::indirect_read, kIndirect)),
              std::vector{buffer_barrier(buf, kCompute, kStorageWrite, kIndirect, kIndirectRead)});
    EXPECT_EQ(barriers_for(t, use_of(buf, Usage::storage_read, kVertex)),
              std::vector{buffer_barrier(buf, kCompute, kStorageWrite, kVertex, kStorageRead)})
        << "the indirect barrier made the write visible to draw-indirect only";
    EXPECT_EQ(barriers_for(t, use_of(buf, Usage::storage_read, kVertex)), std::vector<Barrier>{})
        << "a repeated vertex read is already covered";
}

TEST(ResourceState, WriteAfterWrite) {
    StateTracker t;
    const ResourceId buf = t.add_buffer();
    EXPECT_EQ(barriers_for(t, use_of(buf, Usage::transfer_write, kCopy)), std::vector<Barrier>{});
    EXPECT_EQ(barriers_for(t, use_of(buf, Usage::storage_write, kCompute)),
              std::vector{buffer_barrier(buf, kCopy, kTransferWrite, kCompute, kStorageWrite)});
}

TEST(ResourceState, WriteAfterReadIsExecutionOnly) {
    StateTracker t;
    const ResourceId buf = t.add_buffer();
    EXPECT_EQ(barriers_for(t, use_of(buf, Usage::storage_read, kCompute)), std::vector<Barrier>{})
        << "nothing was written: nothing to wait for";
    EXPECT_EQ(barriers_for(t, use_of(buf, Usage::uniform_read, kFragment)), std::vector<Barrier>{});
    EXPECT_EQ(barriers_for(t, use_of(buf, Usage::transfer_write, kCopy)),
              std::vector{buffer_barrier(buf, kCompute | kFragment, kNoAccess, kCopy, kTransferWrite)})
        << "every read since the last write is waited for; reads have nothing to make available";
}

// A write after a write and reads since: waits for both (the write's access is made available again, which
// is redundant after the read barrier but valid).
TEST(ResourceState, WriteAfterWriteAndRead) {
    StateTracker t;
    const ResourceId buf = t.add_buffer();
    barriers_for(t, use_of(buf, Usage::storage_write, kCompute));
    barriers_for(t, use_of(buf, Usage::storage_read, kVertex));
    EXPECT_EQ(barriers_for(t, use_of(buf, Usage::transfer_write, kCopy)),
              std::vector{buffer_barrier(buf, kCompute | kVertex, kStorageWrite, kCopy, kTransferWrite)});
}

// Visibility is per (stage, access) pair: a barrier to vertex uniform reads and one to fragment storage
// reads do not make the write visible to vertex storage reads.
TEST(ResourceState, VisibilityIsPerStageAndAccess) {
    StateTracker t;
    const ResourceId buf = t.add_buffer();
    barriers_for(t, use_of(buf, Usage::storage_write, kCompute));
    EXPECT_EQ(barriers_for(t, use_of(buf, Usage::uniform_read, kVertex)),
              std::vector{buffer_barrier(buf, kCompute, kStorageWrite, kVertex, kUniformRead)});
    EXPECT_EQ(barriers_for(t, use_of(buf, Usage::storage_read, kFragment)),
              std::vector{buffer_barrier(buf, kCompute, kStorageWrite, kFragment, kStorageRead)});
    EXPECT_EQ(barriers_for(t, use_of(buf, Usage::storage_read, kVertex)),
              std::vector{buffer_barrier(buf, kCompute, kStorageWrite, kVertex, kStorageRead)})
        << "neither barrier had vertex + storage-read in its destination scope";
    EXPECT_EQ(barriers_for(t, use_of(buf, Usage::storage_read, kVertex)), std::vector<Barrier>{});
}

// Visibility that one (stages, access) product describes exactly is still accumulated.
TEST(ResourceState, VisibilityAccumulatesWhenExact) {
    StateTracker t;
    const ResourceId buf = t.add_buffer();
    barriers_for(t, use_of(buf, Usage::storage_write, kCompute));
    EXPECT_EQ(barriers_for(t, use_of(buf, Usage::storage_read, kVertex)).size(), 1u);
    EXPECT_EQ(barriers_for(t, use_of(buf, Usage::storage_read, kFragment)).size(), 1u);
    EXPECT_EQ(barriers_for(t, use_of(buf, Usage::storage_read, kVertex | kFragment)), std::vector<Barrier>{})
        << "storage reads were made visible to vertex and to fragment";
    EXPECT_EQ(barriers_for(t, use_of(buf, Usage::uniform_read, kFragment)).size(), 1u);
    EXPECT_EQ(barriers_for(t, use_of(buf, Usage::storage_read, kFragment)), std::vector<Barrier>{})
        << "fragment storage reads stay visible after a fragment uniform barrier";
}

TEST(ResourceState, HostReadAfterTransferWrite) {
    StateTracker t;
    const ResourceId buf = t.add_buffer();
    barriers_for(t, use_of(buf, Usage::transfer_write, kCopy));
    EXPECT_EQ(barriers_for(t, use_of(buf, Usage::host_read, kHost)),
              std::vector{buffer_barrier(buf, kCopy, kTransferWrite, kHost, kHostRead)});
}

TEST(ResourceState, AssumeWrittenStartUpUpload) {
    StateTracker t;
    const ResourceId buf = t.add_buffer();
    t.assume_written(buf, kCopy, kTransferWrite);
    EXPECT_EQ(barriers_for(t, use_of(buf, Usage::storage_read, kCompute)),
              std::vector{buffer_barrier(buf, kCopy, kTransferWrite, kCompute, kStorageRead)});
    // The next frame's read: the upload is visible to compute already.
    EXPECT_EQ(barriers_for(t, use_of(buf, Usage::storage_read, kCompute)), std::vector<Barrier>{});
}

// ---------------------------------------------------------------------------------------------------------
// StateTracker: images.

TEST(ResourceState, ColourThenTransferSourceAcrossFrames) {
    StateTracker t;
    const ResourceId img = t.add_image(1, 1, VK_IMAGE_ASPECT_COLOR_BIT);
    const ResourceUse colour = use_of(img, Usage::color_attachment, kColourOut, {}, /*discard=*/true);
    const ResourceUse copy = use_of(img, Usage::transfer_src, kCopy);
    const std::vector copy_barrier{image_barrier(img, 0, 1, kColourOut, kColourWrite, kCopy, kTransferRead,
                                                 kColourLayout, kTransferSrc)};

    EXPECT_EQ(barriers_for(t, colour),
              std::vector{image_barrier(img, 0, 1, kNone, kNoAccess, kColourOut, kColourReadWrite, kUndefined,
                                        kColourLayout)});
    EXPECT_EQ(barriers_for(t, copy), copy_barrier);
    EXPECT_EQ(t.layout(img), kTransferSrc);
    // Next frame: the discarding transition waits for the previous frame's copy (a read: nothing to make
    // available).
    EXPECT_EQ(barriers_for(t, colour),
              std::vector{image_barrier(img, 0, 1, kCopy, kNoAccess, kColourOut, kColourReadWrite, kUndefined,
                                        kColourLayout)});
    EXPECT_EQ(barriers_for(t, copy), copy_barrier);
    // Without discard the contents are kept through the transition.
    const ResourceUse keep = use_of(img, Usage::color_attachment, kColourOut);
    EXPECT_EQ(barriers_for(t, keep),
              std::vector{image_barrier(img, 0, 1, kCopy, kNoAccess, kColourOut, kColourReadWrite,
                                        kTransferSrc, kColourLayout)});
    // Colour after colour in the same layout: a write after write, no transition.
    EXPECT_EQ(barriers_for(t, keep),
              std::vector{image_barrier(img, 0, 1, kColourOut, kColourWrite, kColourOut, kColourReadWrite,
                                        kColourLayout, kColourLayout)});
}

// A mip chain (a downsample): pass k samples mip k-1 and writes mip k, then everything is sampled at once.
TEST(ResourceState, MipChainAndMergedRanges) {
    StateTracker t;
    const ResourceId img = t.add_image(4, 1, VK_IMAGE_ASPECT_COLOR_BIT);
    auto write_mip = [&](uint32_t mip) {
        return barriers_for(t, use_of(img, Usage::storage_image_write, kCompute, mips(mip, 1), true));
    };
    auto read_mip = [&](uint32_t mip) {
        return barriers_for(t, use_of(img, Usage::sampled, kCompute, mips(mip, 1)));
    };
    for (int frame = 0; frame < 2; ++frame) {
        SCOPED_TRACE(frame);
        // Mip 0: in frame 0 undefined; in frame 1 read-only after the final sampled read at fragment (and the
        // compute read of pass 1), which the discarding transition must wait for.
        const Barrier first_write = frame == 0 ? image_barrier(img, 0, 1, kNone, kNoAccess, kCompute,
                                                               kStorageWrite, kUndefined, kGeneral)
                                               : image_barrier(img, 0, 1, kCompute | kFragment, kNoAccess,
                                                               kCompute, kStorageWrite, kUndefined, kGeneral);
        EXPECT_EQ(write_mip(0), std::vector{first_write});
        for (uint32_t k = 1; k < 4; ++k) {
            SCOPED_TRACE(k);
            EXPECT_EQ(read_mip(k - 1),
                      std::vector{image_barrier(img, k - 1, 1, kCompute, kStorageWrite, kCompute,
                                                kSampledRead, kGeneral, kReadOnly)});
            // Last frame mip k was sampled at fragment after its transition to read-only (at compute for
            // mips 0..2, by the fragment read itself for mip 3): the discarding transition waits for those.
            Barrier write =
                image_barrier(img, k, 1, kNone, kNoAccess, kCompute, kStorageWrite, kUndefined, kGeneral);
            if (frame == 1) write.src_stages = k < 3 ? kCompute | kFragment : kFragment;
            EXPECT_EQ(write_mip(k), std::vector{write});
        }
        // All mips sampled at fragment: mips 0..2 are read-only already (an execution dependency on the
        // transition's compute stage, and visibility for fragment), mip 3 needs a transition from general.
        EXPECT_EQ(barriers_for(t, use_of(img, Usage::sampled, kFragment)),
                  (std::vector{image_barrier(img, 0, 3, kCompute, kNoAccess, kFragment, kSampledRead,
                                             kReadOnly, kReadOnly),
                               image_barrier(img, 3, 1, kCompute, kStorageWrite, kFragment, kSampledRead,
                                             kGeneral, kReadOnly)}));
        EXPECT_EQ(barriers_for(t, use_of(img, Usage::sampled, kFragment)), std::vector<Barrier>{});
    }
}

// Mips that need no barrier split a range; a range need not start at mip 0; layers are never merged.
TEST(ResourceState, MipRangesSplitAndLayers) {
    StateTracker t;
    const ResourceId img = t.add_image(3, 1, VK_IMAGE_ASPECT_COLOR_BIT);
    EXPECT_EQ(barriers_for(t, use_of(img, Usage::storage_image_write, kCompute, {}, true)),
              std::vector{
                  image_barrier(img, 0, 3, kNone, kNoAccess, kCompute, kStorageWrite, kUndefined, kGeneral)});
    const Barrier read_after_write =
        image_barrier(img, 1, 1, kCompute, kStorageWrite, kCompute, kStorageRead, kGeneral, kGeneral);
    EXPECT_EQ(barriers_for(t, use_of(img, Usage::storage_image_read, kCompute, mips(1, 1))),
              std::vector{read_after_write});
    Barrier mip0 = read_after_write, mip2 = read_after_write;
    mip0.range.base_mip = 0;
    mip2.range.base_mip = 2;
    EXPECT_EQ(barriers_for(t, use_of(img, Usage::storage_image_read, kCompute)), (std::vector{mip0, mip2}))
        << "mip 1 is visible to compute already, so mips 0 and 2 are not one range";
    EXPECT_EQ(barriers_for(t, use_of(img, Usage::sampled, kFragment, mips(1, 2))),
              std::vector{image_barrier(img, 1, 2, kCompute, kStorageWrite, kFragment, kSampledRead, kGeneral,
                                        kReadOnly)});

    const ResourceId layered = t.add_image(2, 2, VK_IMAGE_ASPECT_COLOR_BIT);
    EXPECT_EQ(barriers_for(t, use_of(layered, Usage::storage_image_write, kCompute, {}, true)),
              (std::vector{image_barrier(layered, 0, 2, kNone, kNoAccess, kCompute, kStorageWrite, kUndefined,
                                         kGeneral, 0),
                           image_barrier(layered, 0, 2, kNone, kNoAccess, kCompute, kStorageWrite, kUndefined,
                                         kGeneral, 1)}));
    SubresourceRange layer1{0, kAllMips, 1, 1};
    EXPECT_EQ(barriers_for(t, use_of(layered, Usage::sampled, kFragment, layer1)),
              std::vector{image_barrier(layered, 0, 2, kCompute, kStorageWrite, kFragment, kSampledRead,
                                        kGeneral, kReadOnly, 1)});
    EXPECT_EQ(t.layout(layered, 1, 0), kGeneral);
    EXPECT_EQ(t.layout(layered, 1, 1), kReadOnly);
}

// ---------------------------------------------------------------------------------------------------------
// plan_frame.

// A per-slot read-back buffer (one tracker resource per slot, as the frame graph registers it) and a shared
// buffer (one resource), over several frames at 1, 2 and 3 frames in flight.
TEST(PlanFrame, SharedAndPerSlotResourcesAcrossFrames) {
    for (uint32_t frames = 1; frames <= 3; ++frames) {
        SCOPED_TRACE(frames);
        StateTracker t;
        const ResourceId shared = t.add_buffer();
        std::vector<ResourceId> readback;
        for (uint32_t s = 0; s < frames; ++s) readback.push_back(t.add_buffer());

        std::vector<std::vector<PassDecl>> decls(frames);
        for (uint32_t s = 0; s < frames; ++s) {
            decls[s] = {
                {PassKind::compute, {use_of(shared, Usage::storage_write, kCompute)}},
                {PassKind::graphics, {use_of(shared, Usage::storage_read, kVertex)}},
                {PassKind::transfer,
                 {use_of(readback[s], Usage::transfer_write, kCopy),
                  use_of(readback[s], Usage::host_read, kHost)}},
            };
        }
        const std::vector<uint8_t> enabled(3, 1);
        FramePlan plan;
        std::vector<Barrier> scratch;
        for (uint32_t frame = 0; frame < 3 * frames + 1; ++frame) {
            SCOPED_TRACE(frame);
            const uint32_t slot = frame % frames;
            plan_frame(t, decls[slot], enabled, {}, plan, scratch);
            ASSERT_EQ(step_passes(plan), (std::vector<uint32_t>{0, 1, 2}));

            // The shared buffer: frame N+1's write waits for frame N's vertex read (and, redundantly but
            // validly, re-makes frame N's write available), whatever the slot.
            EXPECT_EQ(before(plan, 0),
                      frame == 0 ? std::vector<Barrier>{}
                                 : std::vector{buffer_barrier(shared, kCompute | kVertex, kStorageWrite,
                                                              kCompute, kStorageWrite)});
            EXPECT_EQ(before(plan, 1),
                      std::vector{buffer_barrier(shared, kCompute, kStorageWrite, kVertex, kStorageRead)});
            // The read-back: only its own slot's previous use (the host read of `frames` frames ago) matters.
            EXPECT_EQ(before(plan, 2),
                      frame < frames ? std::vector<Barrier>{}
                                     : std::vector{buffer_barrier(readback[slot], kCopy | kHost,
                                                                  kTransferWrite, kCopy, kTransferWrite)});
            EXPECT_EQ(after(plan, 2),
                      std::vector{buffer_barrier(readback[slot], kCopy, kTransferWrite, kHost, kHostRead)});
            EXPECT_EQ(after(plan, 0), std::vector<Barrier>{});
            EXPECT_EQ(after(plan, 1), std::vector<Barrier>{});
            EXPECT_EQ(plan.end_count, 0u);
        }
    }
}

// Resources of the grouping tests: a buffer written by compute, a colour and a depth attachment.
struct GroupFixture {
    StateTracker t;
    ResourceId buf = t.add_buffer();
    ResourceId colour = t.add_image(1, 1, VK_IMAGE_ASPECT_COLOR_BIT);
    ResourceId depth = t.add_image(1, 1, VK_IMAGE_ASPECT_DEPTH_BIT);
    FramePlan plan;
    std::vector<Barrier> scratch;

    PassDecl compute_write() const {
        return {PassKind::compute, {use_of(buf, Usage::storage_write, kCompute)}};
    }
    PassDecl draw(bool discard, bool reads_buffer) const {
        PassDecl d{PassKind::graphics,
                   {use_of(colour, Usage::color_attachment, kColourOut, {}, discard),
                    use_of(depth, Usage::depth_attachment, kDepthTests, {}, discard)},
                   {colour, depth}};
        if (reads_buffer) d.uses.push_back(use_of(buf, Usage::storage_read, kVertex));
        return d;
    }
    void plan_frame(std::span<const PassDecl> passes, std::span<const uint8_t> enabled) {
        graph::plan_frame(t, passes, enabled, {}, plan, scratch);
    }
    Barrier colour_write_after_write() const {
        return image_barrier(colour, 0, 1, kColourOut, kColourWrite, kColourOut, kColourReadWrite,
                             kColourLayout, kColourLayout);
    }
    Barrier depth_write_after_write() const {
        return image_barrier(depth, 0, 1, kDepthTests, kDepthWrite, kDepthTests, kDepthReadWrite,
                             kDepthLayout, kDepthLayout);
    }
};

TEST(PlanFrame, GraphicsPassesShareOneRendering) {
    GroupFixture f;
    // Pass 2 (disabled) would write the buffer between the draws; skipped, it neither splits the group nor
    // adds barriers.
    const std::vector passes{f.compute_write(), f.draw(true, false), f.compute_write(), f.draw(false, true)};
    const std::vector<uint8_t> enabled{1, 1, 0, 1};
    f.plan_frame(passes, enabled);
    ASSERT_EQ(step_passes(f.plan), (std::vector<uint32_t>{0, 1, 3}));
    EXPECT_EQ(rendering_of(f.plan), "0:; 1: begin; 3: end; ");
    EXPECT_EQ(before(f.plan, 0), std::vector<Barrier>{});
    // Everything the group needs comes before the rendering begins, the buffer read by the second draw
    // included; the attachments' write after write between the draws is left to rasterisation order.
    EXPECT_EQ(before(f.plan, 1),
              (std::vector{image_barrier(f.colour, 0, 1, kNone, kNoAccess, kColourOut, kColourReadWrite,
                                         kUndefined, kColourLayout),
                           image_barrier(f.depth, 0, 1, kNone, kNoAccess, kDepthTests, kDepthReadWrite,
                                         kUndefined, kDepthLayout),
                           buffer_barrier(f.buf, kCompute, kStorageWrite, kVertex, kStorageRead)}));
    EXPECT_EQ(before(f.plan, 2), std::vector<Barrier>{});
    EXPECT_EQ(f.plan.barriers.size(), 3u);
    for (size_t s = 0; s < 3; ++s) EXPECT_EQ(after(f.plan, s), std::vector<Barrier>{});

    // The next frame: the first draw's attachment writes wait for the previous frame's (they are not inside
    // one rendering instance), the compute write for the previous vertex read.
    f.plan_frame(passes, enabled);
    ASSERT_EQ(step_passes(f.plan), (std::vector<uint32_t>{0, 1, 3}));
    EXPECT_EQ(rendering_of(f.plan), "0:; 1: begin; 3: end; ");
    EXPECT_EQ(before(f.plan, 0),
              std::vector{buffer_barrier(f.buf, kCompute | kVertex, kStorageWrite, kCompute, kStorageWrite)});
    EXPECT_EQ(before(f.plan, 1),
              (std::vector{f.colour_write_after_write(), f.depth_write_after_write(),
                           buffer_barrier(f.buf, kCompute, kStorageWrite, kVertex, kStorageRead)}));
    EXPECT_EQ(before(f.plan, 2), std::vector<Barrier>{});
}

TEST(PlanFrame, EnabledPassBetweenSplitsTheGroup) {
    GroupFixture f;
    const std::vector passes{f.compute_write(), f.draw(true, false), f.compute_write(), f.draw(false, true)};
    const std::vector<uint8_t> enabled{1, 1, 1, 1};
    f.plan_frame(passes, enabled);
    ASSERT_EQ(step_passes(f.plan), (std::vector<uint32_t>{0, 1, 2, 3}));
    EXPECT_EQ(rendering_of(f.plan), "0:; 1: begin end; 2:; 3: begin end; ");
    EXPECT_EQ(before(f.plan, 2),
              std::vector{buffer_barrier(f.buf, kCompute, kStorageWrite, kCompute, kStorageWrite)});
    EXPECT_EQ(before(f.plan, 3),
              (std::vector{f.colour_write_after_write(), f.depth_write_after_write(),
                           buffer_barrier(f.buf, kCompute, kStorageWrite, kVertex, kStorageRead)}));
}

TEST(PlanFrame, SecondariesNeverShareARendering) {
    for (int which = 0; which < 2; ++which) {
        SCOPED_TRACE(which == 0 ? "first has secondaries" : "second has secondaries");
        GroupFixture f;
        std::vector passes{f.compute_write(), f.draw(true, false), f.draw(false, true)};
        passes[1 + which].secondaries = true;
        const std::vector<uint8_t> enabled{1, 1, 1};
        f.plan_frame(passes, enabled);
        ASSERT_EQ(step_passes(f.plan), (std::vector<uint32_t>{0, 1, 2}));
        EXPECT_EQ(rendering_of(f.plan), "0:; 1: begin end; 2: begin end; ");
        EXPECT_EQ(before(f.plan, 2),
                  (std::vector{f.colour_write_after_write(), f.depth_write_after_write(),
                               buffer_barrier(f.buf, kCompute, kStorageWrite, kVertex, kStorageRead)}));
    }
}

// Barriers after a pass are recorded before the next pass; inside a shared rendering instance they would be
// invalid (no buffer barrier, no host stage there). A pass with a host read therefore ends its rendering.
TEST(PlanFrame, HostReadNeverInsideARendering) {
    for (int which = 0; which < 2; ++which) {
        SCOPED_TRACE(which == 0 ? "first draw reads back" : "second draw reads back");
        GroupFixture f;
        const ResourceId readback = f.t.add_buffer();
        std::vector passes{PassDecl{PassKind::transfer, {use_of(readback, Usage::transfer_write, kCopy)}},
                           f.draw(true, false), f.draw(false, false)};
        passes[1 + which].uses.push_back(use_of(readback, Usage::host_read, kHost));
        const std::vector<uint8_t> enabled{1, 1, 1};
        f.plan_frame(passes, enabled);
        ASSERT_EQ(step_passes(f.plan), (std::vector<uint32_t>{0, 1, 2}));
        EXPECT_EQ(rendering_of(f.plan), "0:; 1: begin end; 2: begin end; ");
        const std::vector host{buffer_barrier(readback, kCopy, kTransferWrite, kHost, kHostRead)};
        EXPECT_EQ(after(f.plan, 1 + which), host);
        EXPECT_EQ(after(f.plan, 2 - which), std::vector<Barrier>{});
    }
}

// An image two draws read in different layouts cannot have both layouts before one rendering begins.
TEST(PlanFrame, LayoutChangeBetweenDrawsSplitsTheGroup) {
    GroupFixture f;
    const ResourceId tex = f.t.add_image(1, 1, VK_IMAGE_ASPECT_COLOR_BIT);
    std::vector passes{
        PassDecl{PassKind::compute, {use_of(tex, Usage::storage_image_write, kCompute, {}, true)}},
        f.draw(true, false), f.draw(false, false)};
    passes[1].uses.push_back(use_of(tex, Usage::storage_image_read, kFragment));
    passes[2].uses.push_back(use_of(tex, Usage::sampled, kFragment));
    const std::vector<uint8_t> enabled{1, 1, 1};
    f.plan_frame(passes, enabled);
    ASSERT_EQ(step_passes(f.plan), (std::vector<uint32_t>{0, 1, 2}));
    EXPECT_EQ(rendering_of(f.plan), "0:; 1: begin end; 2: begin end; ");
    EXPECT_EQ(before(f.plan, 2), (std::vector{f.colour_write_after_write(), f.depth_write_after_write(),
                                              image_barrier(tex, 0, 1, kCompute | kFragment, kStorageWrite,
                                                            kFragment, kSampledRead, kGeneral, kReadOnly)}));

    // The same layout in both draws shares the rendering.
    GroupFixture g;
    const ResourceId tex2 = g.t.add_image(1, 1, VK_IMAGE_ASPECT_COLOR_BIT);
    std::vector same{
        PassDecl{PassKind::compute, {use_of(tex2, Usage::storage_image_write, kCompute, {}, true)}},
        g.draw(true, false), g.draw(false, false)};
    same[1].uses.push_back(use_of(tex2, Usage::sampled, kFragment));
    same[2].uses.push_back(use_of(tex2, Usage::sampled, kFragment));
    g.plan_frame(same, enabled);
    EXPECT_EQ(rendering_of(g.plan), "0:; 1: begin; 2: end; ");

    // Every pass of the group counts, not only the first: draws 2 and 3 disagree, draw 1 does not use it.
    GroupFixture h;
    const ResourceId tex3 = h.t.add_image(1, 1, VK_IMAGE_ASPECT_COLOR_BIT);
    std::vector three{
        PassDecl{PassKind::compute, {use_of(tex3, Usage::storage_image_write, kCompute, {}, true)}},
        h.draw(true, false), h.draw(false, false), h.draw(false, false)};
    three[2].uses.push_back(use_of(tex3, Usage::storage_image_read, kFragment));
    three[3].uses.push_back(use_of(tex3, Usage::sampled, kFragment));
    const std::vector<uint8_t> all{1, 1, 1, 1};
    h.plan_frame(three, all);
    EXPECT_EQ(rendering_of(h.plan), "0:; 1: begin; 2: end; 3: begin end; ");
}

TEST(PlanFrame, FrameEndPresent) {
    StateTracker t;
    const ResourceId target = t.add_image(1, 1, VK_IMAGE_ASPECT_COLOR_BIT);
    const std::vector passes{PassDecl{
        PassKind::graphics, {use_of(target, Usage::color_attachment, kColourOut, {}, true)}, {target}}};
    const std::vector<uint8_t> enabled{1};
    const std::vector frame_end{use_of(target, Usage::present, kNone)};
    FramePlan plan;
    std::vector<Barrier> scratch;
    plan_frame(t, passes, enabled, frame_end, plan, scratch);
    EXPECT_EQ(slice(plan, plan.end_first, plan.end_count),
              std::vector{image_barrier(target, 0, 1, kColourOut, kColourWrite, kNone, kNoAccess,
                                        kColourLayout, VK_IMAGE_LAYOUT_PRESENT_SRC_KHR)});
}

}  // namespace
}  // namespace tessera::graph

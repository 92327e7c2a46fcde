#version 460
// vk_tests: writes a constant into every texel of a storage image bound through a DescriptorBinder.
layout(local_size_x = 4, local_size_y = 4) in;
layout(push_constant) uniform Push {
    float value;
    uvec2 size;
}
push;
layout(binding = 0, r32f) uniform writeonly image2D destination;

void main() {
    if (any(greaterThanEqual(gl_GlobalInvocationID.xy, push.size))) return;
    imageStore(destination, ivec2(gl_GlobalInvocationID.xy), vec4(push.value));
}

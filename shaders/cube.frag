#version 460
// Cubes are lit per face in cube.vert (one directional light plus ambient); the fragment stage only writes.
layout(location = 0) flat in vec3 in_color;
layout(location = 0) out vec4 out_color;

void main() {
    out_color = vec4(in_color, 1.0);
}

/* Built as libvulkan.so.1 for driver_test.sh: a library with the loader's name and none of its functions. */
int tessera_not_a_vulkan_loader;

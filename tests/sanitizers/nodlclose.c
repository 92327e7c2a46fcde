/* LD_PRELOADed into sanitizer runs: dlclose does nothing, so the Vulkan loader's drivers and layers stay mapped
 * until exit and LeakSanitizer can symbolise the stacks of what they allocated, instead of "<unknown module>". */
int dlclose(void* handle) {
    (void)handle;
    return 0;
}

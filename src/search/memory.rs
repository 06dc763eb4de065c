//! A dropped index gives its memory back to the system (README
//! "Performance"). glibc's malloc raises its mmap threshold each time a
//! large mapped block is freed (up to 32 MB); blocks below it then come
//! from the heap, where freed memory mostly stays with the process, so each
//! rebuild of the index left the previous one's arrays in the RSS. A fixed
//! threshold keeps every large block mapped: freeing it unmaps it, and
//! growing it remaps instead of copying.

/// Sets the fixed threshold once per process (glibc only; elsewhere the
/// allocator's own policy stays).
pub(crate) fn map_large_blocks() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            const M_MMAP_THRESHOLD: i32 = -3;
            unsafe extern "C" {
                fn mallopt(param: i32, value: i32) -> i32;
            }
            // SAFETY: mallopt only changes a parameter of glibc's malloc
            // for later allocations; blocks already allocated keep working.
            unsafe { mallopt(M_MMAP_THRESHOLD, 256 * 1024) };
        });
    }
}

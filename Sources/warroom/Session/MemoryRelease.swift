import CSpawn

/// Gives the heap's free memory back to the system.
enum MemoryRelease {
    /// After a large allocation is freed (a big config file read and refused), the C library
    /// keeps the pages for later use; trimming returns them, so the resident size falls back.
    static func trim() { cspawn_release_free_memory() }
}

//! The checker yields to the writer (README "Performance"): the writer,
//! one SQLite transaction, is the import's critical path, and with the
//! reader, the checker and the writer on two cores the scheduler gave it
//! only part of one while the sheet was read.

/// How far (Linux nice steps) the checker stands back: enough that the
/// scheduler leaves the writer a core of its own, not so far that other
/// programs on the office machine starve it.
pub const NICE: i32 = 10;

/// Lowers the calling thread's priority by [`NICE`] (Linux; elsewhere the
/// scheduler decides alone). A refusal changes nothing and is ignored: the
/// import is only slower.
pub fn behind_the_writer() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority with this thread's own id changes only this
    // thread's nice value (a per-thread attribute on Linux).
    unsafe {
        let me = libc::gettid() as libc::id_t;
        let now = libc::getpriority(libc::PRIO_PROCESS, me);
        libc::setpriority(libc::PRIO_PROCESS, me, now + NICE);
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    fn nice() -> i32 {
        // SAFETY: getpriority only reads this thread's nice value.
        unsafe { libc::getpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t) }
    }

    #[test]
    fn the_checker_stands_back_and_the_writer_does_not() {
        let writer = nice();
        let checker = std::thread::spawn(|| {
            let before = nice();
            super::behind_the_writer();
            (before, nice())
        })
        .join()
        .expect("thread");
        assert_eq!(checker.1, (checker.0 + super::NICE).min(19), "{checker:?}");
        assert_eq!(nice(), writer, "the calling thread keeps its priority");
    }
}

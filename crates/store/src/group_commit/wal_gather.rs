//! A SQLite VFS that writes each commit's WAL frames with one `pwrite` instead of two per frame.
//!
//! SQLite appends a frame to the write-ahead log as two writes: its 24-byte header, then the
//! page. A batch of step transitions commits ~50–100 frames, so COMMIT made ~100–200 `pwrite`
//! calls, a quarter of the writer thread's time (profile of the transitions benchmark). This
//! VFS wraps the default one; for WAL files only, it gathers appended frames in memory and
//! writes them in one call when a *commit frame* is complete — the frame whose header carries
//! the database size (WAL format: bytes 4–7 of a frame header, non-zero only on a commit).
//!
//! Why this is safe: a frame becomes visible to other connections only when SQLite publishes
//! the new end of the log in the wal-index, after the last frame's write returned, and the last
//! frame of a transaction is always a commit frame; that write returns only after the gathered
//! frames are in the OS (and its error is SQLite's error, so a failed write fails the commit).
//! Anything else the file is asked — a read, a sync, its size, a truncation, a write that does
//! not continue the gathered run (SQLite rewriting a frame of the current transaction in
//! place) — first writes out what is gathered, so the file always looks as if every write went
//! straight through. Non-WAL files (the database, its journal) are the default VFS's own.

use std::ffi::{c_char, c_int, c_void, CString};
use std::ptr;
use std::sync::OnceLock;

use rusqlite::ffi;

/// The VFS's name, for `SqliteConnectOptions::vfs` / `Connection::open_with_flags_and_vfs`.
pub const NAME: &str = "motcua-wal-gather";

const FRAME_HEADER: c_int = 24;
const WAL_HEADER: c_int = 32;
/// Past this many gathered bytes, write them out even before the commit frame (a very large
/// transaction): bounds the memory a connection holds.
const MAX_GATHERED: usize = 8 << 20;
/// The most one write hands to the default VFS: its `unixWrite` takes fewer than 128 KiB per
/// call (it masks the length with `0x1ffff`).
const MAX_WRITE: usize = 64 << 10;

#[cfg(test)]
thread_local! {
    /// Writes SQLite asked of WAL files on this thread, and writes this VFS made of them.
    static COUNTS: std::cell::Cell<(u64, u64)> = const { std::cell::Cell::new((0, 0)) };
}

fn count(_asked: u64, _made: u64) {
    #[cfg(test)]
    COUNTS.with(|c| {
        let (a, m) = c.get();
        c.set((a + _asked, m + _made));
    });
}

/// Registers the VFS (once per process; not as the default) and returns its name.
pub fn register() -> Result<&'static str, String> {
    static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            // SAFETY: the VFS struct and its name are leaked, so they live as long as SQLite
            // may use them (registered VFSes are never unregistered here).
            unsafe {
                let base = ffi::sqlite3_vfs_find(ptr::null());
                if base.is_null() {
                    return Err("SQLite has no default VFS".into());
                }
                let name = CString::new(NAME).map_err(|e| e.to_string())?;
                let vfs = Box::new(ffi::sqlite3_vfs {
                    iVersion: 2,
                    szOsFile: c_int::try_from(inner_offset()).map_err(|e| e.to_string())?
                        + (*base).szOsFile,
                    mxPathname: (*base).mxPathname,
                    pNext: ptr::null_mut(),
                    zName: name.into_raw(),
                    pAppData: base.cast(),
                    xOpen: Some(open),
                    xDelete: Some(delete),
                    xAccess: Some(access),
                    xFullPathname: Some(full_pathname),
                    xDlOpen: Some(dl_open),
                    xDlError: Some(dl_error),
                    xDlSym: Some(dl_sym),
                    xDlClose: Some(dl_close),
                    xRandomness: Some(randomness),
                    xSleep: Some(sleep),
                    xCurrentTime: Some(current_time),
                    xGetLastError: Some(get_last_error),
                    xCurrentTimeInt64: Some(current_time_int64),
                    xSetSystemCall: None,
                    xGetSystemCall: None,
                    xNextSystemCall: None,
                });
                let rc = ffi::sqlite3_vfs_register(Box::into_raw(vfs), 0);
                if rc != ffi::SQLITE_OK {
                    return Err(format!("registering VFS {NAME}: SQLite error {rc}"));
                }
            }
            Ok(())
        })
        .clone()
        .map(|()| NAME)
}

/// A WAL file: the default VFS's file (`inner`, stored right after this struct in the memory
/// SQLite allocates, `szOsFile` bytes) and the frames gathered for it.
#[repr(C)]
struct GatherFile {
    /// Must be first: SQLite sees a `sqlite3_file` whose methods are [`METHODS`].
    base: ffi::sqlite3_file,
    inner: *mut ffi::sqlite3_file,
    /// Bytes written to this file but not yet to the OS, which belong at offset `start`.
    gathered: Vec<u8>,
    start: i64,
    /// The last gathered write was a frame header: the page comes next.
    expect_page: bool,
    /// That header was a commit frame's: write everything out after its page.
    commit_pending: bool,
}

fn inner_offset() -> usize {
    std::mem::size_of::<GatherFile>().next_multiple_of(16)
}

unsafe fn base_vfs(vfs: *mut ffi::sqlite3_vfs) -> *mut ffi::sqlite3_vfs {
    (*vfs).pAppData.cast()
}

unsafe extern "C" fn open(
    vfs: *mut ffi::sqlite3_vfs,
    name: ffi::sqlite3_filename,
    file: *mut ffi::sqlite3_file,
    flags: c_int,
    out_flags: *mut c_int,
) -> c_int {
    let base = base_vfs(vfs);
    let Some(base_open) = (*base).xOpen else {
        return ffi::SQLITE_ERROR;
    };
    if flags & ffi::SQLITE_OPEN_WAL == 0 {
        // Not a WAL file: the default VFS's file as it is (its own methods).
        return base_open(base, name, file, flags, out_flags);
    }
    let inner = file
        .cast::<u8>()
        .add(inner_offset())
        .cast::<ffi::sqlite3_file>();
    let rc = base_open(base, name, inner, flags, out_flags);
    if rc != ffi::SQLITE_OK {
        if let Some(close) = (*inner).pMethods.as_ref().and_then(|m| m.xClose) {
            close(inner);
        }
        (*file).pMethods = ptr::null();
        return rc;
    }
    ptr::write(
        file.cast::<GatherFile>(),
        GatherFile {
            base: ffi::sqlite3_file { pMethods: &METHODS },
            inner,
            gathered: Vec::new(),
            start: 0,
            expect_page: false,
            commit_pending: false,
        },
    );
    ffi::SQLITE_OK
}

static METHODS: ffi::sqlite3_io_methods = ffi::sqlite3_io_methods {
    iVersion: 3,
    xClose: Some(close),
    xRead: Some(read),
    xWrite: Some(write),
    xTruncate: Some(truncate),
    xSync: Some(sync),
    xFileSize: Some(file_size),
    xLock: Some(lock),
    xUnlock: Some(unlock),
    xCheckReservedLock: Some(check_reserved_lock),
    xFileControl: Some(file_control),
    xSectorSize: Some(sector_size),
    xDeviceCharacteristics: Some(device_characteristics),
    xShmMap: Some(shm_map),
    xShmLock: Some(shm_lock),
    xShmBarrier: Some(shm_barrier),
    xShmUnmap: Some(shm_unmap),
    xFetch: Some(fetch),
    xUnfetch: Some(unfetch),
};

unsafe fn gather<'a>(file: *mut ffi::sqlite3_file) -> &'a mut GatherFile {
    &mut *file.cast::<GatherFile>()
}

unsafe fn inner_methods(g: &GatherFile) -> &ffi::sqlite3_io_methods {
    &*(*g.inner).pMethods
}

/// Writes out what is gathered, in pieces of [`MAX_WRITE`]. On failure it is dropped too:
/// SQLite fails the transaction and rewrites those frames (or others) at the same offsets.
unsafe fn flush(g: &mut GatherFile) -> c_int {
    let mut rc = ffi::SQLITE_OK;
    let mut offset = g.start;
    for piece in g.gathered.chunks(MAX_WRITE) {
        // A piece is at most MAX_WRITE bytes: the length fits.
        rc = write_inner(g, piece.as_ptr().cast(), piece.len() as c_int, offset);
        if rc != ffi::SQLITE_OK {
            break;
        }
        offset += piece.len() as i64;
    }
    g.gathered.clear();
    rc
}

/// One write of the inner file, as asked.
unsafe fn write_inner(g: &GatherFile, buf: *const c_void, amt: c_int, offset: i64) -> c_int {
    count(0, 1);
    match inner_methods(g).xWrite {
        Some(write) => write(g.inner, buf, amt, offset),
        None => ffi::SQLITE_IOERR_WRITE,
    }
}

unsafe extern "C" fn write(
    file: *mut ffi::sqlite3_file,
    buf: *const c_void,
    amt: c_int,
    offset: i64,
) -> c_int {
    let g = gather(file);
    count(1, 0);
    let Ok(len) = usize::try_from(amt) else {
        return ffi::SQLITE_IOERR_WRITE;
    };
    let data = std::slice::from_raw_parts(buf.cast::<u8>(), len);
    let contiguous = !g.gathered.is_empty() && offset == g.start + g.gathered.len() as i64;
    let gathered = match amt {
        // Bytes 4–7 of a frame header: the database size after a commit, 0 otherwise. A
        // commit frame is gathered only as the end of a run of appended frames, so its page
        // follows and writes the run out. Otherwise it is a header rewritten in place
        // (SQLite fixing checksums just before it publishes the commit): written at once.
        FRAME_HEADER if data[4..8] != [0; 4] => contiguous,
        // Any other header may start a run: nothing is published before a commit frame,
        // whose write comes later and writes out everything before it.
        FRAME_HEADER => true,
        // The log's header, when it starts over.
        WAL_HEADER if offset == 0 => true,
        // The page of the frame whose header was just gathered.
        _ => g.expect_page && contiguous,
    };
    if !g.gathered.is_empty() && (!gathered || !contiguous || g.gathered.len() + len > MAX_GATHERED)
    {
        let rc = flush(g);
        if rc != ffi::SQLITE_OK {
            g.expect_page = false;
            g.commit_pending = false;
            return rc;
        }
    }
    if !gathered {
        // Not a frame being appended (a page of this transaction rewritten in place, say).
        g.expect_page = false;
        g.commit_pending = false;
        return write_inner(g, buf, amt, offset);
    }
    if g.gathered.is_empty() {
        g.start = offset;
    }
    g.gathered.extend_from_slice(data);
    if amt == FRAME_HEADER {
        g.expect_page = true;
        g.commit_pending = data[4..8] != [0; 4];
        return ffi::SQLITE_OK;
    }
    let commit = g.expect_page && g.commit_pending;
    g.expect_page = false;
    g.commit_pending = false;
    if commit {
        return flush(g);
    }
    ffi::SQLITE_OK
}

unsafe extern "C" fn close(file: *mut ffi::sqlite3_file) -> c_int {
    let g = gather(file);
    let flushed = flush(g);
    let closed = match inner_methods(g).xClose {
        Some(close) => close(g.inner),
        None => ffi::SQLITE_OK,
    };
    ptr::drop_in_place(&mut g.gathered);
    (*file).pMethods = ptr::null();
    if flushed != ffi::SQLITE_OK {
        flushed
    } else {
        closed
    }
}

/// Forwards a method to the inner file after writing out what is gathered.
macro_rules! flushing {
    ($name:ident, $method:ident ( $($arg:ident : $ty:ty),* )) => {
        unsafe extern "C" fn $name(file: *mut ffi::sqlite3_file, $($arg: $ty),*) -> c_int {
            let g = gather(file);
            let rc = flush(g);
            if rc != ffi::SQLITE_OK {
                return rc;
            }
            match inner_methods(g).$method {
                Some(f) => f(g.inner, $($arg),*),
                None => ffi::SQLITE_IOERR,
            }
        }
    };
}

/// Forwards a method to the inner file as it is.
macro_rules! forward {
    ($name:ident, $method:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty, $missing:expr) => {
        unsafe extern "C" fn $name(file: *mut ffi::sqlite3_file, $($arg: $ty),*) -> $ret {
            let g = gather(file);
            match inner_methods(g).$method {
                Some(f) => f(g.inner, $($arg),*),
                None => $missing,
            }
        }
    };
}

flushing!(read, xRead(buf: *mut c_void, amt: c_int, offset: i64));
flushing!(truncate, xTruncate(size: i64));
flushing!(sync, xSync(flags: c_int));
flushing!(file_size, xFileSize(size: *mut i64));
forward!(lock, xLock(level: c_int) -> c_int, ffi::SQLITE_IOERR);
forward!(unlock, xUnlock(level: c_int) -> c_int, ffi::SQLITE_IOERR);
forward!(check_reserved_lock, xCheckReservedLock(out: *mut c_int) -> c_int, ffi::SQLITE_IOERR);
forward!(file_control, xFileControl(op: c_int, arg: *mut c_void) -> c_int, ffi::SQLITE_NOTFOUND);
forward!(sector_size, xSectorSize() -> c_int, 4096);
forward!(device_characteristics, xDeviceCharacteristics() -> c_int, 0);
forward!(
    shm_map,
    xShmMap(region: c_int, size: c_int, extend: c_int, out: *mut *mut c_void) -> c_int,
    ffi::SQLITE_IOERR
);
forward!(shm_lock, xShmLock(offset: c_int, n: c_int, flags: c_int) -> c_int, ffi::SQLITE_IOERR);
forward!(shm_barrier, xShmBarrier() -> (), ());
forward!(shm_unmap, xShmUnmap(delete: c_int) -> c_int, ffi::SQLITE_IOERR);
forward!(unfetch, xUnfetch(offset: i64, p: *mut c_void) -> c_int, ffi::SQLITE_OK);

unsafe extern "C" fn fetch(
    file: *mut ffi::sqlite3_file,
    offset: i64,
    amt: c_int,
    out: *mut *mut c_void,
) -> c_int {
    let g = gather(file);
    match inner_methods(g).xFetch {
        Some(f) => f(g.inner, offset, amt, out),
        None => {
            *out = ptr::null_mut();
            ffi::SQLITE_OK
        }
    }
}

/// Forwards a VFS method to the default VFS.
macro_rules! to_base {
    ($name:ident, $method:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty, $missing:expr) => {
        unsafe extern "C" fn $name(vfs: *mut ffi::sqlite3_vfs, $($arg: $ty),*) -> $ret {
            let base = base_vfs(vfs);
            match (*base).$method {
                Some(f) => f(base, $($arg),*),
                None => $missing,
            }
        }
    };
}

to_base!(delete, xDelete(name: *const c_char, sync_dir: c_int) -> c_int, ffi::SQLITE_IOERR);
to_base!(access, xAccess(name: *const c_char, flags: c_int, out: *mut c_int) -> c_int, ffi::SQLITE_IOERR);
to_base!(
    full_pathname,
    xFullPathname(name: *const c_char, n: c_int, out: *mut c_char) -> c_int,
    ffi::SQLITE_IOERR
);
to_base!(dl_open, xDlOpen(name: *const c_char) -> *mut c_void, ptr::null_mut());
to_base!(dl_error, xDlError(n: c_int, out: *mut c_char) -> (), ());
to_base!(dl_close, xDlClose(handle: *mut c_void) -> (), ());
to_base!(randomness, xRandomness(n: c_int, out: *mut c_char) -> c_int, 0);
to_base!(sleep, xSleep(micros: c_int) -> c_int, 0);
to_base!(current_time, xCurrentTime(out: *mut f64) -> c_int, ffi::SQLITE_ERROR);
to_base!(get_last_error, xGetLastError(n: c_int, out: *mut c_char) -> c_int, 0);
to_base!(current_time_int64, xCurrentTimeInt64(out: *mut i64) -> c_int, ffi::SQLITE_ERROR);

/// What `xDlSym` returns, as bindgen spells it.
type Symbol = Option<unsafe extern "C" fn(*mut ffi::sqlite3_vfs, *mut c_void, *const c_char)>;

unsafe extern "C" fn dl_sym(
    vfs: *mut ffi::sqlite3_vfs,
    handle: *mut c_void,
    symbol: *const c_char,
) -> Symbol {
    let base = base_vfs(vfs);
    match (*base).xDlSym {
        Some(f) => f(base, handle, symbol),
        None => None,
    }
}

#[cfg(test)]
mod tests;

//! libc's plain structs (integers only, no padding: every byte pattern is a value) as the bytes
//! the kernel takes and gives, so option and control-message layouts come from libc rather than
//! from offsets written by hand.

/// A libc struct of integers with no padding. Implemented only through [`plain!`], which checks
/// that the fields fill the struct.
///
/// # Safety
/// Every byte of the struct belongs to an integer field: none is padding, any value is valid.
pub(crate) unsafe trait Plain: Copy {}

/// Declares libc structs [`Plain`], each with its field types, asserting at compile time that
/// the fields add up to the struct's size (no padding).
macro_rules! plain {
    ($($t:ty = $($field:ty),+;)*) => {$(
        const _: () = assert!(size_of::<$t>() == 0 $(+ size_of::<$field>())+);
        // SAFETY: integer fields only, and the assertion above rules out padding.
        unsafe impl Plain for $t {}
    )*};
}

plain! {
    libc::linger = libc::c_int, libc::c_int;
    libc::timeval = libc::time_t, libc::suseconds_t;
    libc::in6_pktinfo = libc::in6_addr, libc::c_uint;
    libc::ucred = libc::pid_t, libc::uid_t, libc::gid_t;
}

/// The bytes of `value`, as the kernel reads the struct.
pub(crate) fn bytes_of<T: Plain>(value: &T) -> Vec<u8> {
    // SAFETY: `value` is valid for size_of::<T>() bytes, all initialised (Plain: no padding).
    unsafe { std::slice::from_raw_parts((value as *const T).cast::<u8>(), size_of::<T>()) }.to_vec()
}

/// The struct the kernel's `bytes` hold; bytes it did not write (a shorter answer) read as zero,
/// bytes past the struct are ignored.
pub(crate) fn from_bytes<T: Plain>(bytes: &[u8]) -> T {
    let mut value = std::mem::MaybeUninit::<T>::zeroed();
    let n = bytes.len().min(size_of::<T>());
    // SAFETY: at most size_of::<T>() bytes are copied into value's storage, which was zeroed;
    // any bytes are a valid T (Plain).
    unsafe {
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), value.as_mut_ptr().cast::<u8>(), n);
        value.assume_init()
    }
}

/// The struct `bytes` hold, or `None` if they are too few for it (a control message the
/// kernel cut short).
pub(crate) fn whole_bytes<T: Plain>(bytes: &[u8]) -> Option<T> {
    (bytes.len() >= size_of::<T>()).then(|| from_bytes(bytes))
}

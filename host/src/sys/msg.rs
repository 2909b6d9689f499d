//! `sendmsg(2)` / `recvmsg(2)` with control messages: `msghdr` and `cmsghdr` built and parsed
//! with libc's `CMSG_*` macros behind a safe interface. PHP's conversions live in `msg.rs`.

use socket2::{MsgHdr, SockAddr, SockAddrStorage, Socket};
use std::io::{self, IoSlice};
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd};

/// One control message as the kernel lays it out: level, type and payload bytes.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct RawCmsg {
    pub level: i32,
    pub ty: i32,
    pub data: Vec<u8>,
}

/// A control message received. Descriptors passed with `SCM_RIGHTS` are owned from the moment
/// `recvmsg` returns, so every path that does not hand them on closes them.
#[derive(Debug)]
pub(crate) enum RecvCmsg {
    Rights(Vec<OwnedFd>),
    Other(RawCmsg),
}

/// A control-message buffer aligned for `cmsghdr` (the macros cast into it).
#[derive(Debug)]
pub(crate) struct ControlBuf {
    words: Vec<u64>,
    len: usize,
}

impl ControlBuf {
    /// A zeroed buffer of `len` bytes.
    pub(crate) fn zeroed(len: usize) -> Self {
        ControlBuf {
            words: vec![0; len.div_ceil(size_of::<u64>())],
            len,
        }
    }

    fn bytes(&self) -> &[u8] {
        // SAFETY: the words own at least `len` initialised bytes, and u8 has no alignment.
        unsafe { std::slice::from_raw_parts(self.words.as_ptr().cast(), self.len) }
    }

    /// A `msghdr` whose control part is this buffer's first `len` bytes (for the macros).
    fn msghdr(&mut self, len: usize) -> libc::msghdr {
        // SAFETY: an all-zero msghdr is valid (null pointers, zero lengths).
        let mut hdr: libc::msghdr = unsafe { std::mem::zeroed() };
        hdr.msg_control = self.words.as_mut_ptr().cast();
        hdr.msg_controllen = len.min(self.len) as _;
        hdr
    }
}

/// `CMSG_SPACE(len)`, or `None` if the payload cannot be described to the kernel.
fn cmsg_space(len: usize) -> Option<usize> {
    let len = u32::try_from(len).ok()?;
    // SAFETY: CMSG_SPACE is pure arithmetic on its argument.
    usize::try_from(unsafe { libc::CMSG_SPACE(len) }).ok()
}

/// Lays out `msgs` one after the other, each `CMSG_SPACE` long, as `sendmsg` reads them.
pub(crate) fn encode_cmsgs(msgs: &[RawCmsg]) -> io::Result<ControlBuf> {
    let too_large = || io::Error::from_raw_os_error(libc::ENOBUFS);
    let mut total = 0usize;
    for m in msgs {
        total = total
            .checked_add(cmsg_space(m.data.len()).ok_or_else(too_large)?)
            .ok_or_else(too_large)?;
    }
    let mut buf = ControlBuf::zeroed(total);
    let hdr = buf.msghdr(total);
    // SAFETY: hdr describes buf's `total` zeroed, 8-byte aligned bytes. The space reserved for
    // each message is CMSG_SPACE(its payload), so every header and payload written below lies
    // inside the buffer, and CMSG_NXTHDR finds the next (still zeroed) slot while one is left.
    unsafe {
        let mut cmsg = libc::CMSG_FIRSTHDR(&hdr);
        for m in msgs {
            if cmsg.is_null() {
                break;
            }
            (*cmsg).cmsg_len = libc::CMSG_LEN(m.data.len() as u32) as _;
            (*cmsg).cmsg_level = m.level;
            (*cmsg).cmsg_type = m.ty;
            std::ptr::copy_nonoverlapping(m.data.as_ptr(), libc::CMSG_DATA(cmsg), m.data.len());
            cmsg = libc::CMSG_NXTHDR(&hdr, cmsg);
        }
    }
    Ok(buf)
}

/// `sendmsg(2)`: `iov` as one iovec per buffer, `name` as the destination, `control` as laid
/// out by [`encode_cmsgs`].
pub(crate) fn sendmsg(
    fd: &Socket,
    name: Option<&SockAddr>,
    iov: &[Vec<u8>],
    control: &ControlBuf,
    flags: i32,
) -> io::Result<usize> {
    let slices: Vec<IoSlice<'_>> = iov.iter().map(|b| IoSlice::new(b)).collect();
    let mut msg = MsgHdr::new().with_buffers(&slices);
    if let Some(name) = name {
        msg = msg.with_addr(name);
    }
    if control.len > 0 {
        msg = msg.with_control(control.bytes());
    }
    fd.sendmsg(&msg, flags)
}

/// What one `recvmsg(2)` returned.
#[derive(Debug)]
pub(crate) struct RecvMsg {
    /// The kernel's return value (the datagram's full length with `MSG_TRUNC`).
    pub count: usize,
    /// `msg_flags`.
    pub flags: i32,
    /// The sender's address, if asked for (`None` inside when the kernel gave none).
    pub name: Option<SockAddr>,
    pub control: Vec<RecvCmsg>,
}

/// `recvmsg(2)` into the spare capacity of `data` (never past it) and into `control`, with
/// `MSG_CMSG_CLOEXEC` so received descriptors never leak into child processes.
#[allow(clippy::unnecessary_cast)] // msg_controllen is a size_t on glibc, a socklen_t on musl
pub(crate) fn recvmsg(
    fd: &Socket,
    data: &mut Vec<u8>,
    control: &mut ControlBuf,
    want_name: bool,
    flags: i32,
) -> io::Result<RecvMsg> {
    let len = data.len();
    let spare = data.spare_capacity_mut();
    let room = spare.len();
    let mut iov = libc::iovec {
        iov_base: spare.as_mut_ptr().cast(),
        iov_len: room,
    };
    let mut storage = SockAddrStorage::zeroed();
    let control_len = control.len;
    let mut msg = control.msghdr(control_len);
    if control_len == 0 {
        msg.msg_control = std::ptr::null_mut();
    }
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    if want_name {
        msg.msg_name = (&raw mut storage).cast();
        msg.msg_namelen = storage.size_of();
    }
    // SAFETY: every pointer in msg (iovec over data's spare capacity, the address storage, the
    // control buffer) is valid for writes of the length given beside it for the whole call.
    let n = syscall!(unsafe {
        libc::recvmsg(fd.as_raw_fd(), &mut msg, flags | libc::MSG_CMSG_CLOEXEC)
    })? as usize;
    // SAFETY: the kernel initialised min(n, room) bytes of the spare capacity.
    unsafe { data.set_len(len + n.min(room)) };
    let received = decode_cmsgs(control, msg.msg_controllen as usize);
    // SAFETY: the storage was zeroed and the kernel wrote msg_namelen bytes of address into it.
    let name = want_name.then(|| unsafe { SockAddr::new(storage, msg.msg_namelen) });
    Ok(RecvMsg {
        count: n,
        flags: msg.msg_flags,
        name,
        control: received,
    })
}

/// Walks the first `len` bytes of `buf` that `recvmsg` filled. A payload is cut to the bytes
/// actually present (the kernel keeps a truncated message's full `cmsg_len` under MSG_CTRUNC).
#[allow(clippy::unnecessary_cast)] // msg_controllen is a size_t on glibc, a socklen_t on musl
fn decode_cmsgs(buf: &mut ControlBuf, len: usize) -> Vec<RecvCmsg> {
    let hdr = buf.msghdr(len);
    let end = hdr.msg_control as usize + hdr.msg_controllen as usize;
    let mut out = Vec::new();
    // SAFETY: hdr describes the bytes the kernel filled. CMSG_FIRSTHDR / CMSG_NXTHDR only return
    // headers that lie entirely inside them, and each payload read is clamped to `end`.
    unsafe {
        let mut cmsg = libc::CMSG_FIRSTHDR(&hdr);
        while !cmsg.is_null() {
            let data = libc::CMSG_DATA(cmsg);
            let stated = ((*cmsg).cmsg_len as usize).saturating_sub(libc::CMSG_LEN(0) as usize);
            let present = stated.min(end.saturating_sub(data as usize));
            let payload = std::slice::from_raw_parts(data, present);
            out.push(received_cmsg(
                (*cmsg).cmsg_level,
                (*cmsg).cmsg_type,
                payload,
            ));
            cmsg = libc::CMSG_NXTHDR(&hdr, cmsg);
        }
    }
    out
}

/// `SCM_PIDFD` (Linux 6.5): the kernel installs a pidfd of the sender in the receiver's table.
const SCM_PIDFD: i32 = 0x04;

fn received_cmsg(level: i32, ty: i32, payload: &[u8]) -> RecvCmsg {
    if level == libc::SOL_SOCKET && ty == SCM_PIDFD {
        // Never the guest's: close it now, so no host descriptor is left behind.
        drop(owned_fds(payload));
        return RecvCmsg::Other(RawCmsg {
            level,
            ty,
            data: Vec::new(),
        });
    }
    if level != libc::SOL_SOCKET || ty != libc::SCM_RIGHTS {
        return RecvCmsg::Other(RawCmsg {
            level,
            ty,
            data: payload.to_vec(),
        });
    }
    RecvCmsg::Rights(owned_fds(payload))
}

/// Takes ownership of the descriptors a control message's payload lists.
fn owned_fds(payload: &[u8]) -> Vec<OwnedFd> {
    payload
        .chunks_exact(size_of::<libc::c_int>())
        .map(|c| {
            let raw = libc::c_int::from_ne_bytes(c.try_into().expect("chunk of an int"));
            // SAFETY: the kernel installed this descriptor in our table for this message just
            // now; nothing else owns it.
            unsafe { OwnedFd::from_raw_fd(raw) }
        })
        .collect()
}

/// Whether `fd` is a socket (`fstat` and `S_ISSOCK`).
pub(crate) fn is_socket(fd: BorrowedFd<'_>) -> bool {
    // SAFETY: an all-zero stat is a valid value for fstat to overwrite.
    let mut st: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: st is valid for writes; fd is open for the borrow.
    let r = syscall!(unsafe { libc::fstat(fd.as_raw_fd(), &mut st) });
    r.is_ok() && st.st_mode & libc::S_IFMT == libc::S_IFSOCK
}

/// This process's pid and its real and effective user and group ids: the credentials an
/// unprivileged process may claim in `SCM_CREDENTIALS`.
pub(crate) fn process_ids() -> (i32, [u32; 2], [u32; 2]) {
    // SAFETY: these calls only read the calling process's credentials and cannot fail.
    unsafe {
        (
            libc::getpid(),
            [libc::getuid(), libc::geteuid()],
            [libc::getgid(), libc::getegid()],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_messages_round_trip() {
        let msgs = [
            RawCmsg {
                level: libc::IPPROTO_IPV6,
                ty: libc::IPV6_TCLASS,
                data: 40i32.to_ne_bytes().to_vec(),
            },
            RawCmsg {
                level: libc::SOL_SOCKET,
                ty: libc::SCM_CREDENTIALS,
                data: vec![7; 12],
            },
        ];
        let mut buf = encode_cmsgs(&msgs).unwrap();
        assert_eq!(buf.len, 24 + 32, "CMSG_SPACE(4) + CMSG_SPACE(12)");
        let len = buf.len;
        let back: Vec<RawCmsg> = decode_cmsgs(&mut buf, len)
            .into_iter()
            .map(|c| match c {
                RecvCmsg::Other(raw) => raw,
                RecvCmsg::Rights(_) => panic!("no rights sent"),
            })
            .collect();
        assert_eq!(back, msgs);
    }

    #[test]
    fn a_truncated_payload_is_cut_to_the_buffer() {
        let msgs = [RawCmsg {
            level: 1,
            ty: 99,
            data: vec![1; 40],
        }];
        let mut buf = encode_cmsgs(&msgs).unwrap();
        let got = decode_cmsgs(&mut buf, 24);
        match &got[..] {
            [RecvCmsg::Other(raw)] => assert_eq!(raw.data, vec![1; 8]),
            other => panic!("{other:?}"),
        }
    }
}

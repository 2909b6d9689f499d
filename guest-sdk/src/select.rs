//! `socket_select`: PHP's by-reference form and the by-position form the WIT returns.

use crate::Socket;
use crate::bindings::php::sockets::sockets as wit;
use crate::error::Result;

/// Which sockets [`socket_select_ready`] found ready, by position in the slices given, in
/// ascending order; `count` is PHP's return value.
pub use wit::SelectReady;

/// `socket_select(&$read, &$write, &$except, $seconds, $microseconds)`.
///
/// Like PHP, each vector is replaced by its ready sockets, in their original order, and the
/// result is the number of ready descriptors. An empty vector stands for PHP's `null`.
/// `seconds` of `None` waits forever. To know *which* entries are ready without searching, use
/// [`socket_select_ready`].
pub fn socket_select(
    read: &mut Vec<&Socket>,
    write: &mut Vec<&Socket>,
    except: &mut Vec<&Socket>,
    seconds: Option<i64>,
    microseconds: i64,
) -> Result<u32> {
    let ready = socket_select_ready(read, write, except, seconds, microseconds)?;
    keep_positions(read, ready.read);
    keep_positions(write, ready.write);
    keep_positions(except, ready.except);
    Ok(ready.count)
}

/// `socket_select` without touching its arguments: the ready sockets by position, as PHP
/// scripts get them by keeping their array keys. The form for event loops that map positions
/// back to their own state.
pub fn socket_select_ready(
    read: &[&Socket],
    write: &[&Socket],
    except: &[&Socket],
    seconds: Option<i64>,
    microseconds: i64,
) -> Result<SelectReady> {
    // One buffer for the three sets' ids: a select loop allocates once per call, not per set.
    let ids: Vec<u32> = read
        .iter()
        .chain(write)
        .chain(except)
        .map(|s| s.id())
        .collect();
    let (r, rest) = ids.split_at(read.len());
    let (w, e) = rest.split_at(write.len());
    Ok(wit::select(r, w, e, seconds, microseconds)?)
}

/// Keeps the elements of `list` at `positions`, in their original order.
fn keep_positions<T>(list: &mut Vec<T>, mut positions: Vec<u32>) {
    if !positions.is_sorted() {
        positions.sort_unstable();
    }
    positions.dedup();
    let mut wanted = positions.into_iter().peekable();
    let mut index = 0u32;
    list.retain(|_| {
        let keep = wanted.next_if_eq(&index).is_some();
        index += 1;
        keep
    });
}

#[cfg(test)]
mod tests {
    use super::keep_positions;

    #[test]
    fn keeps_in_original_order() {
        let mut list = vec!['a', 'b', 'c', 'd'];
        keep_positions(&mut list, vec![3, 1, 1]);
        assert_eq!(list, ['b', 'd']);
        keep_positions(&mut list, vec![]);
        assert!(list.is_empty());
        let mut list = vec![1, 2];
        keep_positions(&mut list, vec![0, 7]);
        assert_eq!(list, [1]);
    }
}

//! Compressed inputs: gzip and zstd, told by their first bytes (not by their name) and read as
//! a stream, so that a `.gz` shard, a saved `page.html.gz` or `zcat`-less standard input is
//! cleaned like the plain text inside it.

use std::borrow::Cow;
use std::ffi::OsStr;
use std::io::{self, Cursor, Read};
use std::path::Path;

/// A compression format gharbal reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    Gzip,
    Zstd,
}

impl Compression {
    /// The format whose signature `head` starts with, if any.
    pub fn sniff(head: &[u8]) -> Option<Compression> {
        if head.starts_with(b"\x1f\x8b") {
            Some(Compression::Gzip)
        } else if head.starts_with(b"\x28\xb5\x2f\xfd") {
            Some(Compression::Zstd)
        } else {
            None
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Compression::Gzip => "gzip",
            Compression::Zstd => "zstd",
        }
    }
}

/// The bytes `reader` holds, decompressed when they start with a gzip or zstd signature and as
/// they are otherwise. Concatenated gzip members and zstd frames are read one after the other,
/// as `zcat` and `zstdcat` do. A corrupt stream fails the read with an error that names the
/// format.
pub fn decompressed<R: Read + Send + 'static>(
    mut reader: R,
) -> io::Result<(Box<dyn Read + Send>, Option<Compression>)> {
    // A pipe may hand over one byte at a time: read until the longest signature is in.
    let mut head = Vec::with_capacity(4);
    while head.len() < 4 {
        let mut byte = [0u8; 4];
        let n = match reader.read(&mut byte[..4 - head.len()]) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            break;
        }
        head.extend_from_slice(&byte[..n]);
    }
    let kind = Compression::sniff(&head);
    let whole = Cursor::new(head).chain(reader);
    let reader: Box<dyn Read + Send> = match kind {
        None => Box::new(whole),
        Some(format @ Compression::Gzip) => Box::new(Named {
            inner: flate2::read::MultiGzDecoder::new(whole),
            format,
        }),
        Some(format @ Compression::Zstd) => Box::new(Named {
            inner: zstd::stream::read::Decoder::new(whole)?,
            format,
        }),
    };
    Ok((reader, kind))
}

/// A decoder whose errors say which format could not be read.
struct Named<R> {
    inner: R,
    format: Compression,
}

impl<R: Read> Read for Named<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("cannot decompress the {} stream: {e}", self.format.name()),
            )
        })
    }
}

/// `path` without a compression suffix: `page.html.gz` is an HTML page, `a.txt.zst` a text
/// dump, and their outputs are named after what they hold.
pub fn plain_path(path: &Path) -> Cow<'_, Path> {
    let compressed = path
        .extension()
        .and_then(OsStr::to_str)
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "gz" | "zst" | "zstd"));
    if compressed {
        Cow::Owned(path.with_extension(""))
    } else {
        Cow::Borrowed(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(bytes).unwrap();
        enc.finish().unwrap()
    }

    fn read_all(bytes: Vec<u8>) -> io::Result<(Vec<u8>, Option<Compression>)> {
        let (mut r, kind) = decompressed(Cursor::new(bytes))?;
        let mut out = Vec::new();
        r.read_to_end(&mut out)?;
        Ok((out, kind))
    }

    /// A reader that hands over one byte a call, as a slow pipe may.
    struct Trickle(Cursor<Vec<u8>>);
    impl Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = buf.len().min(1);
            self.0.read(&mut buf[..n])
        }
    }

    #[test]
    fn plain_bytes_pass_through_whole() {
        for text in [&b""[..], b"a", b"ab\n", "نص عربي\n".as_bytes()] {
            assert_eq!(read_all(text.to_vec()).unwrap(), (text.to_vec(), None));
        }
    }

    #[test]
    fn gzip_members_and_zstd_frames_are_read_in_turn() {
        let mut two = gzip("السطر الأول\n".as_bytes());
        two.extend(gzip(b"second member\n"));
        let (out, kind) = read_all(two).unwrap();
        assert_eq!(kind, Some(Compression::Gzip));
        assert_eq!(out, "السطر الأول\nsecond member\n".as_bytes());

        let mut frames = zstd::stream::encode_all(&b"one\n"[..], 1).unwrap();
        frames.extend(zstd::stream::encode_all(&b"two\n"[..], 1).unwrap());
        assert_eq!(
            read_all(frames).unwrap(),
            (b"one\ntwo\n".to_vec(), Some(Compression::Zstd))
        );
    }

    #[test]
    fn the_signature_is_found_when_a_pipe_trickles() {
        let (mut r, kind) = decompressed(Trickle(Cursor::new(gzip(b"slow\n")))).unwrap();
        let mut out = String::new();
        r.read_to_string(&mut out).unwrap();
        assert_eq!((out.as_str(), kind), ("slow\n", Some(Compression::Gzip)));
    }

    #[test]
    fn a_corrupt_stream_names_its_format() {
        let mut bad = gzip(&[b'x'; 4000]);
        let n = bad.len();
        bad.truncate(n / 2);
        let err = read_all(bad).unwrap_err().to_string();
        assert!(err.contains("gzip"), "{err}");
    }

    #[test]
    fn plain_paths_lose_only_a_compression_suffix() {
        assert_eq!(
            plain_path(Path::new("a/page.html.gz")),
            Path::new("a/page.html")
        );
        assert_eq!(
            plain_path(Path::new("shard.jsonl.ZST")),
            Path::new("shard.jsonl")
        );
        assert_eq!(plain_path(Path::new("dump.txt")), Path::new("dump.txt"));
        assert_eq!(
            plain_path(Path::new("archive.tgz")),
            Path::new("archive.tgz")
        );
    }
}

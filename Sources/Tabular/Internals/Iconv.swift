// Thin wrapper over glibc iconv(3): https://man7.org/linux/man-pages/man3/iconv.3.html
// Nothing above this file touches the C handle.

import Glibc

/// How a conversion with `iconv(3)` ended.
enum IconvOutcome: Equatable {
    /// The whole input converted; UTF-8 bytes.
    case converted([UInt8])
    /// The input holds an invalid or incomplete sequence starting at this 0-based offset.
    case invalidSequence(offset: Int)
    /// `iconv_open(3)` refused the charset name; the errno code.
    case unavailable(errno: Int32)
}

/// Converts `input` from the glibc charset `charset` to UTF-8 with `iconv(3)`.
///
/// The handle is opened and closed in this call, so it has one owner and never crosses threads.
func iconvToUTF8(_ input: [UInt8], from charset: String) -> IconvOutcome {
    guard !input.isEmpty else { return .converted([]) }
    let handle = iconv_open("UTF-8", charset)
    guard let handle, handle != iconv_t(bitPattern: -1) else {
        return .unavailable(errno: errno)
    }
    defer { iconv_close(handle) }

    var source = input
    // Single-byte code pages grow at most threefold in UTF-8; E2BIG grows the buffer anyway.
    var output = [UInt8](repeating: 0, count: input.count * 3 + 16)
    var read = 0
    var written = 0
    while true {
        let flushing = read == source.count
        let step = iconvStep(handle, &source, read, &output, written)
        read += step.read
        written += step.written
        switch step.error {
        case nil:
            // A call with no input flushes what the converter held back (glibc CP1258 keeps
            // the last letter to combine it with a following tone mark); that ends the work.
            if flushing { return .converted(Array(output.prefix(written))) }
        case E2BIG:
            output.append(contentsOf: repeatElement(0, count: output.count))
        default:
            // EILSEQ (invalid) or EINVAL (cut short at the end): the sequence starts at `read`.
            return .invalidSequence(offset: read)
        }
    }
}

/// One `iconv(3)` call from `input[inOffset...]` into `output[outOffset...]`; a flush
/// (null input) when no input is left. Returns the bytes read and written and the errno.
private func iconvStep(
    _ handle: iconv_t,
    _ input: inout [UInt8], _ inOffset: Int,
    _ output: inout [UInt8], _ outOffset: Int
) -> (read: Int, written: Int, error: Int32?) {
    input.withUnsafeMutableBytes { inBytes in
        output.withUnsafeMutableBytes { outBytes in
            var inLeft = inBytes.count - inOffset
            var outLeft = outBytes.count - outOffset
            let inStart = inLeft
            let outStart = outLeft
            var inPointer = inBytes.baseAddress.map {
                ($0 + inOffset).assumingMemoryBound(to: CChar.self)
            }
            var outPointer = outBytes.baseAddress.map {
                ($0 + outOffset).assumingMemoryBound(to: CChar.self)
            }
            let result = inLeft > 0
                ? iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft)
                : iconv(handle, nil, nil, &outPointer, &outLeft)
            let code: Int32? = result == -1 ? errno : nil
            return (inStart - inLeft, outStart - outLeft, code)
        }
    }
}

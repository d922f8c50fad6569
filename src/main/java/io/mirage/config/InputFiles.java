package io.mirage.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads an input file (a pack's file, a models file) as UTF-8 text, refusing what it cannot use with a message that
 * says what is wrong: too large (over {@link #MAX_BYTES}), or not UTF-8 (with the line and byte offset of the first
 * bad byte), rather than an I/O error that suggests permissions.
 */
public final class InputFiles {
    /** The largest input file read: 5 MiB, far beyond any real pack file or models file. Documented in the README. */
    public static final long MAX_BYTES = 5L * 1024 * 1024;

    private InputFiles() {}

    /** The file's text, or the problem that stops it being read ({@code shown} is how messages name the file). */
    public static Result read(Path file, String shown) {
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                return new Result(null, new InputProblem(shown, 0, "the file is too large: " + size + " bytes, over the limit of "
                        + MAX_BYTES + " (5 MiB)", "shorten the file or split it"));
            }
            byte[] bytes = Files.readAllBytes(file);
            return decode(bytes, shown);
        } catch (NoSuchFileException e) {
            return new Result(null, new InputProblem(shown, 0, "no such file", "check the path"));
        } catch (IOException e) {
            return new Result(null, new InputProblem(shown, 0, "cannot read: " + e.getMessage(), "check that it is a readable file"));
        }
    }

    /** Decodes UTF-8 strictly, so a Latin-1 or binary file is named as such instead of read as replacement characters. */
    static Result decode(byte[] bytes, String shown) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int offset = in.position();
            int line = 1;
            for (int i = 0; i < offset; i++) if (bytes[i] == '\n') line++;
            return new Result(null, new InputProblem(shown, line, String.format(java.util.Locale.ROOT,
                    "not UTF-8 text: byte 0x%02X at byte offset %d cannot be decoded", bytes[offset] & 0xFF, offset),
                    "save the file as UTF-8 (it may be Latin-1, UTF-16 or binary)"));
        }
        decoder.flush(out);
        out.flip();
        return new Result(out.toString(), null);
    }

    /** The text, or the problem; exactly one is set. */
    public record Result(String text, InputProblem problem) {
        public Optional<InputProblem> failure() {
            return Optional.ofNullable(problem);
        }
    }
}

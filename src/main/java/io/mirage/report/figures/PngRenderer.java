package io.mirage.report.figures;

import org.apache.batik.transcoder.TranscoderException;
import org.apache.batik.transcoder.TranscoderInput;
import org.apache.batik.transcoder.TranscoderOutput;
import org.apache.batik.transcoder.image.PNGTranscoder;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;

/**
 * Renders a standalone figure to PNG with Apache Batik, headless, at {@link #SCALE} times its SVG size
 * (sharp on slides and high-density screens). Batik reads only the document given: the figures link
 * nothing, and a figure that asked for something outside would fail here rather than fetch it.
 */
public final class PngRenderer {
    /** Pixels per SVG unit. */
    public static final int SCALE = 2;

    private PngRenderer() {}

    public static byte[] render(String svgDocument, int width, int height) {
        System.setProperty("java.awt.headless", "true");
        PNGTranscoder png = new PNGTranscoder();
        png.addTranscodingHint(PNGTranscoder.KEY_WIDTH, (float) width * SCALE);
        png.addTranscodingHint(PNGTranscoder.KEY_HEIGHT, (float) height * SCALE);
        png.addTranscodingHint(PNGTranscoder.KEY_EXECUTE_ONLOAD, Boolean.FALSE);
        png.addTranscodingHint(PNGTranscoder.KEY_ALLOW_EXTERNAL_RESOURCES, Boolean.FALSE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TranscoderInput in = new TranscoderInput(new StringReader(svgDocument));
        in.setURI("file:///mirage-figure.svg");
        try {
            png.transcode(in, new TranscoderOutput(out));
        } catch (TranscoderException e) {
            throw new IllegalStateException("could not render the figure to PNG: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}

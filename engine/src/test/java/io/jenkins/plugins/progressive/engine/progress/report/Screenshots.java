package io.jenkins.plugins.progressive.engine.progress.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Screenshots of rendered reports, kept under target/ for a person to look at (a few are copied to docs/images). */
final class Screenshots {

    static final Path DIR = Path.of("target", "rollout-report-screenshots");

    private Screenshots() {
    }

    /** Renders the page, keeping a screenshot cut to its content: the rendered DOM to check, the picture to look at. */
    static RenderedPage render(String url, String name, int width, int height) {
        return render(url, name, width, height, width, 0);
    }

    /**
     * The same, keeping only the left {@code keepWidth} pixels of the screenshot (a phone-sized frame inside a wider
     * window), and letting the page run for {@code virtualTimeMillis} (0: until it has loaded).
     */
    static RenderedPage render(String url, String name, int width, int height, int keepWidth, int virtualTimeMillis) {
        try {
            Files.createDirectories(DIR);
            Path png = DIR.resolve(name + ".png");
            HeadlessChromium.Result result = HeadlessChromium.render(url, width, height, virtualTimeMillis, png);
            trim(png, keepWidth);
            return new RenderedPage(result.dom());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many rows from the top hold something other than the background. */
    static int contentHeight(BufferedImage image) {
        int background = image.getRGB(image.getWidth() - 1, image.getHeight() - 1);
        for (int y = image.getHeight() - 1; y >= 0; y--) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (image.getRGB(x, y) != background) {
                    return y + 1;
                }
            }
        }
        return 0;
    }

    private static void trim(Path png, int keepWidth) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        BufferedImage kept = image.getSubimage(0, 0, Math.min(keepWidth, image.getWidth()), image.getHeight());
        int height = Math.min(kept.getHeight(), contentHeight(kept) + 24);
        ImageIO.write(kept.getSubimage(0, 0, kept.getWidth(), height), "png", png.toFile());
    }
}

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.GeneralPath;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws Ingress Lab's icon at build time (run by installers/build.sh with the JDK's source launcher:
 * {@code java IconMaker.java OUT_DIR}): one request entering from the left and fanning out to three backends, the
 * chosen one bright, on a rounded blue square. Writes {@code ingress-lab.png} (512 px, the Linux desktop icon) and
 * {@code ingress-lab.icns} (macOS: PNG entries ic07 128 px, ic08 256 px, ic09 512 px, ic10 1024 px, as Apple's
 * icns format stores them since OS X 10.7; the file is a big-endian {@code icns} header, its total length, then
 * type, length and data per entry). Headless AWT only; no artwork is read from anywhere.
 */
public final class IconMaker {

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java IconMaker.java OUT_DIR (writes ingress-lab.png and ingress-lab.icns)");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        Path out = Files.createDirectories(Path.of(args[0]));
        Files.write(out.resolve("ingress-lab.png"), png(draw(512)));
        Map<String, Integer> entries = new LinkedHashMap<>();
        entries.put("ic07", 128);
        entries.put("ic08", 256);
        entries.put("ic09", 512);
        entries.put("ic10", 1024);
        try (OutputStream file = Files.newOutputStream(out.resolve("ingress-lab.icns"))) {
            file.write(icns(entries));
        }
    }

    /** The icon at {@code size} × {@code size} pixels, drawn on a 100-unit grid scaled to the size. */
    static BufferedImage draw(int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.scale(size / 100.0, size / 100.0);
        // macOS's grid: the shape fills 80 % of the canvas, centred, corners about 22 % of its side
        g.setPaint(new GradientPaint(0, 10, new Color(0x2F6FEB), 0, 90, new Color(0x1A3E8C)));
        g.fill(new RoundRectangle2D.Double(10, 10, 80, 80, 36, 36));

        float[] ends = {30, 50, 70};
        g.setStroke(new BasicStroke(5.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int i = 0; i < ends.length; i++) {
            g.setColor(i == 1 ? Color.WHITE : new Color(255, 255, 255, 110));
            GeneralPath branch = new GeneralPath();
            branch.moveTo(42, 50);
            branch.curveTo(54, 50, 56, ends[i], 68, ends[i]);
            g.draw(branch);
        }
        g.setColor(Color.WHITE);
        g.draw(new java.awt.geom.Line2D.Double(22, 50, 42, 50)); // the request, coming in
        for (int i = 0; i < ends.length; i++) {
            g.setColor(i == 1 ? new Color(0x3FD68F) : new Color(255, 255, 255, 150));
            g.fill(new Ellipse2D.Double(68, ends[i] - 6, 12, 12)); // the backends
        }
        g.setColor(Color.WHITE);
        g.fill(new Ellipse2D.Double(36.5, 44.5, 11, 11)); // the ingress, where the decision is made
        g.dispose();
        return image;
    }

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", bytes)) {
            throw new IOException("this Java has no PNG writer (javax.imageio)");
        }
        return bytes.toByteArray();
    }

    /** An icns file holding one PNG per entry type (type → pixels). */
    static byte[] icns(Map<String, Integer> entries) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(body);
        for (Map.Entry<String, Integer> entry : entries.entrySet()) {
            byte[] png = png(draw(entry.getValue()));
            data.writeBytes(entry.getKey());
            data.writeInt(8 + png.length);
            data.write(png);
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        DataOutputStream header = new DataOutputStream(file);
        header.writeBytes("icns");
        header.writeInt(8 + body.size());
        body.writeTo(file);
        return file.toByteArray();
    }
}

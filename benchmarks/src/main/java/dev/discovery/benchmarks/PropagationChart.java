package dev.discovery.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * Draws change-to-arrival latency (p50, p99, max) by number of watchers as a PNG, with the 50 ms target, using
 * only the JDK.
 */
final class PropagationChart {

	/**
	 * One watcher count's latencies, in milliseconds.
	 *
	 * @param watchers open watches
	 * @param p50 median delay
	 * @param p99 99th percentile delay
	 * @param max largest delay
	 */
	record Point(int watchers, double p50, double p99, double max) {
	}

	private static final int WIDTH = 800;

	private static final int HEIGHT = 480;

	private static final int LEFT = 80;

	private static final int RIGHT = 160;

	private static final int TOP = 50;

	private static final int BOTTOM = 70;

	private static final double TARGET_MS = 50;

	private PropagationChart() {
	}

	static void write(List<Point> points, Path file) throws IOException {
		BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, WIDTH, HEIGHT);
		double top = Math.max(TARGET_MS * 1.2, points.stream().mapToDouble(Point::max).max().orElse(1) * 1.1);
		axes(g, points, top);
		series(g, points, top, Color.decode("#1f77b4"), "p50", Point::p50);
		series(g, points, top, Color.decode("#ff7f0e"), "p99", Point::p99);
		series(g, points, top, Color.decode("#d62728"), "max", Point::max);
		target(g, top);
		g.dispose();
		Files.createDirectories(file.toAbsolutePath().getParent());
		ImageIO.write(image, "png", file.toFile());
	}

	private static void axes(Graphics2D g, List<Point> points, double top) {
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
		g.drawString("Change at the registry → seen by every watcher", LEFT, 30);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		g.drawLine(LEFT, TOP, LEFT, HEIGHT - BOTTOM);
		g.drawLine(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM);
		for (int i = 0; i <= 5; i++) {
			double value = top * i / 5;
			int y = y(value, top);
			g.setColor(Color.LIGHT_GRAY);
			g.drawLine(LEFT + 1, y, WIDTH - RIGHT, y);
			g.setColor(Color.BLACK);
			g.drawString(String.format(Locale.ROOT, "%.0f ms", value), LEFT - 55, y + 4);
		}
		for (int i = 0; i < points.size(); i++) {
			g.drawString(String.format(Locale.ROOT, "%,d", points.get(i).watchers()), x(i, points.size()) - 12,
					HEIGHT - BOTTOM + 20);
		}
		g.drawString("watching clients", (LEFT + WIDTH - RIGHT) / 2 - 45, HEIGHT - BOTTOM + 45);
	}

	private static void series(Graphics2D g, List<Point> points, double top, Color color, String label,
			java.util.function.ToDoubleFunction<Point> value) {
		g.setColor(color);
		g.setStroke(new BasicStroke(2.5f));
		for (int i = 0; i < points.size(); i++) {
			int x = x(i, points.size());
			int y = y(value.applyAsDouble(points.get(i)), top);
			g.fillOval(x - 4, y - 4, 8, 8);
			if (i > 0) {
				g.drawLine(x(i - 1, points.size()), y(value.applyAsDouble(points.get(i - 1)), top), x, y);
			}
		}
		int legend = TOP + 20 * (label.equals("p50") ? 0 : label.equals("p99") ? 1 : 2);
		g.drawLine(WIDTH - RIGHT + 20, legend, WIDTH - RIGHT + 45, legend);
		g.setColor(Color.BLACK);
		g.drawString(label, WIDTH - RIGHT + 52, legend + 4);
	}

	private static void target(Graphics2D g, double top) {
		int y = y(TARGET_MS, top);
		g.setColor(Color.GRAY);
		g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] { 6, 6 }, 0));
		g.drawLine(LEFT, y, WIDTH - RIGHT, y);
		g.drawString("target p99 50 ms", WIDTH - RIGHT + 20, y + 4);
	}

	private static int x(int index, int count) {
		int span = WIDTH - RIGHT - LEFT - 60;
		return LEFT + 30 + ((count <= 1) ? span / 2 : span * index / (count - 1));
	}

	private static int y(double value, double top) {
		return (int) (HEIGHT - BOTTOM - (HEIGHT - BOTTOM - TOP) * value / top);
	}

}

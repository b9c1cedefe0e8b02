package dev.discovery.benchmarks;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class PropagationChartTests {

	@TempDir
	Path dir;

	@Test
	void chartShouldBeAPngWithTheSeriesDrawn() throws Exception {
		Path file = this.dir.resolve("chart.png");
		PropagationChart.write(List.of(new PropagationChart.Point(1, 1.2, 3.4, 5.0),
				new PropagationChart.Point(100, 2.0, 6.1, 9.9), new PropagationChart.Point(1000, 8.0, 21.0, 40.0)),
				file);
		BufferedImage image = ImageIO.read(file.toFile());
		assertThat(image.getWidth()).isEqualTo(800);
		assertThat(image.getHeight()).isEqualTo(480);
		int orange = 0;
		for (int x = 0; x < image.getWidth(); x++) {
			for (int y = 0; y < image.getHeight(); y++) {
				if ((image.getRGB(x, y) & 0xFFFFFF) == 0xFF7F0E) {
					orange++;
				}
			}
		}
		assertThat(orange).as("pixels of the p99 series").isGreaterThan(100);
	}

}

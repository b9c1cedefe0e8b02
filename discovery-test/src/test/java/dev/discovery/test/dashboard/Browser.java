package dev.discovery.test.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The system's headless Chromium driven through its chromedriver (Debian's {@code chromium} and
 * {@code chromium-driver}), with a fresh profile. Missing programs skip the test with the reason, and fail it under
 * {@code CI=true}, where {@code .ci/run} installs them.
 */
final class Browser implements AutoCloseable {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	/** Generous: the machine runs several builds at once. */
	static final Duration WAIT = Duration.ofSeconds(20);

	private final ChromeDriver driver;

	private final Path profile;

	private Browser(ChromeDriver driver, Path profile) {
		this.driver = driver;
		this.profile = profile;
	}

	static Browser open() throws IOException {
		if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
			String reason = "Browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
					+ " (Debian packages chromium and chromium-driver)";
			if ("true".equals(System.getenv("CI"))) {
				Assertions.fail(reason + "; CI installs them in .ci/run");
			}
			Assumptions.abort(reason);
		}
		Path profile = Files.createTempDirectory("dashboard-chromium");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--user-data-dir=" + profile, "--window-size=1400,1000");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().window().setSize(new Dimension(1400, 1000));
		return new Browser(driver, profile);
	}

	WebDriver driver() {
		return this.driver;
	}

	void go(String url) {
		this.driver.get(url);
	}

	WebElement find(By by) {
		return until((d) -> {
			List<WebElement> found = d.findElements(by);
			return (!found.isEmpty() && found.get(0).isDisplayed()) ? found.get(0) : null;
		});
	}

	List<WebElement> all(By by) {
		return this.driver.findElements(by);
	}

	<T> T until(ExpectedCondition<T> condition) {
		return new WebDriverWait(this.driver, WAIT).ignoring(RuntimeException.class).until(condition);
	}

	/** Waits until the page's text contains {@code text}. */
	void awaitText(String text) {
		until((d) -> d.findElement(By.tagName("body")).getText().contains(text) ? true : null);
	}

	/** Waits until the page's text no longer contains {@code text}. */
	void awaitNoText(String text) {
		until((d) -> d.findElement(By.tagName("body")).getText().contains(text) ? null : true);
	}

	Object script(String script, Object... args) {
		return this.driver.executeScript(script, args);
	}

	/**
	 * Saves a screenshot of the page for the README when the build is asked to
	 * ({@code -Ddashboard.screenshots=<dir>}); otherwise nothing is written.
	 */
	void screenshot(String name) throws IOException {
		String directory = System.getProperty("dashboard.screenshots");
		if (directory == null || directory.isBlank()) {
			return;
		}
		byte[] png = this.driver.getScreenshotAs(OutputType.BYTES);
		Path target = Path.of(directory).resolve(name + ".png");
		Files.createDirectories(target.getParent());
		Files.write(target, png);
	}

	@Override
	public void close() throws IOException {
		try {
			this.driver.quit();
		}
		finally {
			try (var files = Files.walk(this.profile)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
	}

}

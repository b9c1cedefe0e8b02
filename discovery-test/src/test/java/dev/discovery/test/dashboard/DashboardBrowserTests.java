package dev.discovery.test.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import dev.discovery.test.FakeInstance;
import dev.discovery.test.TestRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in real headless Chromium against a real registry (open: no tokens): the overview lists the
 * services, changes show up live without a reload, the service page sorts and filters, and a stalled subscriber
 * shows as lagging.
 */
class DashboardBrowserTests {

	private static TestRegistry registry;

	private static Browser browser;

	private final List<FakeInstance> fakes = new java.util.ArrayList<>();

	@BeforeAll
	static void start() throws Exception {
		registry = TestRegistry.start("discovery.server.propagation.lag-threshold=200ms");
		browser = Browser.open();
	}

	@AfterAll
	static void stop() throws Exception {
		try {
			if (browser != null) {
				browser.close();
			}
		}
		finally {
			if (registry != null) {
				registry.close();
			}
		}
	}

	@AfterEach
	void deregisterFakes() {
		this.fakes.forEach(FakeInstance::deregister);
	}

	@Test
	void overviewShouldListServicesWithCountsByStatusAndHealth() throws Exception {
		fake(registry.fake("payment-service").zone("zone-a").metadata("version", "1.4.2").tags("blue"));
		fake(registry.fake("payment-service").zone("zone-b").metadata("version", "1.4.2"));
		fake(registry.fake("payment-service").zone("zone-b").metadata("version", "1.5.0").tags("canary"))
			.takeOutOfService();
		fake(registry.fake("cart-service").zone("zone-a"));
		browser.go(registry.url() + "/");
		browser.until((d) -> serviceRow("payment-service").get(1).equals("3") ? true : null);
		assertThat(serviceRow("payment-service").subList(0, 7))
			.containsExactly("payment-service", "3", "2", "1", "3", "0", "0");
		browser.until((d) -> serviceRow("cart-service").get(1).equals("1") ? true : null);
		assertThat(serviceRow("cart-service").subList(0, 3)).containsExactly("cart-service", "1", "1");
		String facts = browser.find(By.id("facts")).getText();
		assertThat(facts).contains("Services", "Instances", "Index", "Uptime");
		assertThat(browser.find(By.id("identity")).getText()).contains("epoch", "memory store", "open registry");
		assertThat(browser.find(By.id("live")).getText()).isEqualTo("Live");
		browser.screenshot("dashboard-overview");
	}

	@Test
	void registeringFailingAndDeregisteringShouldShowLiveWithoutReload() throws Exception {
		browser.go(registry.url() + "/#/services/inventory-service");
		browser.find(By.id("service-title"));
		browser.script("window.notReloaded = true;");
		FakeInstance inventory = fake(registry.fake("inventory-service").healthCheck(Duration.ofSeconds(5), 1));
		WebElement row = browser.find(By.cssSelector("tr[data-instance='" + inventory.instanceId() + "']"));
		assertThat(row.getText()).contains("PASSING", "UP");
		inventory.failHealthChecks();
		registry.advance(Duration.ofSeconds(5));
		browser.until((d) -> d.findElement(By.cssSelector("tr[data-instance='" + inventory.instanceId() + "']"))
			.getText()
			.contains("CRITICAL") ? true : null);
		assertThat(browser.find(By.cssSelector("tr[data-instance='" + inventory.instanceId() + "']")).getText())
			.contains("503");
		inventory.deregister();
		browser.until((d) -> d.findElements(By.cssSelector("tr[data-instance='" + inventory.instanceId() + "']"))
			.isEmpty() ? true : null);
		assertThat(browser.script("return window.notReloaded === true;")).isEqualTo(true);
	}

	@Test
	void servicePageShouldSortAndFilterWithTheKeyboard() throws Exception {
		fake(registry.fake("search-service").instanceId("search-a").weight(50).zone("zone-b"));
		fake(registry.fake("search-service").instanceId("search-b").weight(200).zone("zone-a"));
		fake(registry.fake("search-service").instanceId("search-c").weight(100).zone("zone-b"));
		browser.go(registry.url() + "/#/services/search-service");
		browser.until((d) -> instanceIds().size() == 3 ? true : null);
		assertThat(instanceIds()).containsExactly("search-a", "search-b", "search-c");
		WebElement weight = browser.find(By.xpath("//th[@data-key='weight']/button"));
		weight.sendKeys(Keys.ENTER);
		browser.until((d) -> instanceIds().equals(List.of("search-a", "search-c", "search-b")) ? true : null);
		assertThat(browser.find(By.cssSelector("th[data-key='weight']")).getAttribute("aria-sort"))
			.isEqualTo("ascending");
		browser.find(By.xpath("//th[@data-key='weight']/button")).sendKeys(Keys.ENTER);
		browser.until((d) -> instanceIds().equals(List.of("search-b", "search-c", "search-a")) ? true : null);
		WebElement filter = browser.find(By.id("filter"));
		assertThat(browser.find(By.cssSelector("label[for='filter']")).getText()).isEqualTo("Filter instances");
		filter.sendKeys("zone-a");
		browser.until((d) -> instanceIds().equals(List.of("search-b")) ? true : null);
		assertThat(browser.find(By.id("shown")).getText()).isEqualTo("1 of 3 shown");
	}

	@Test
	void aStalledSubscriberShouldShowAsLaggingOnTheServicePage() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		// A caller whose view is frozen: it reads the stream and says it acknowledges, but never does.
		CompletableFuture<HttpResponse<Stream<String>>> frozen = http.sendAsync(
				HttpRequest.newBuilder(URI.create(registry.url() + "/api/v1/watch?services=orders-service"))
					.header("X-Discovery-Watcher", "frozen-caller")
					.build(),
				BodyHandlers.ofLines());
		try {
			frozen.thenAcceptAsync((response) -> response.body().forEach((line) -> {
			}));
			frozen.join();
			fake(registry.fake("orders-service").zone("zone-a").metadata("version", "2.0.1").tags("primary"));
			fake(registry.fake("orders-service").zone("zone-b").metadata("version", "2.0.1"));
			browser.go(registry.url() + "/#/services/orders-service");
			browser.until((d) -> instanceIds().size() == 2 ? true : null);
			WebElement lagger = browser.find(By.cssSelector("#laggers tbody tr"));
			assertThat(lagger.getText()).contains("frozen-caller#", "127.0.0.1");
			assertThat(browser.find(By.id("propagation")).getText()).contains("Subscribers\n1");
			browser.screenshot("dashboard-service");
		}
		finally {
			frozen.cancel(true);
			frozen.thenAccept((response) -> response.body().close());
		}
	}

	private FakeInstance fake(FakeInstance.Builder builder) {
		FakeInstance fake = builder.register();
		this.fakes.add(fake);
		return fake;
	}

	private static List<String> instanceIds() {
		return browser.all(By.cssSelector("#instances tbody tr"))
			.stream()
			.map((row) -> row.getAttribute("data-instance"))
			.toList();
	}

	private static List<String> serviceRow(String service) {
		return browser.find(By.cssSelector("#services tr[data-service='" + service + "']"))
			.findElements(By.tagName("td"))
			.stream()
			.map(WebElement::getText)
			.toList();
	}

}

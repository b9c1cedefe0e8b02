package dev.discovery.test.dashboard;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
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
// The test that moves the registry's clock runs last, so the screenshots show real lease times.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTests {

	private static TestRegistry registry;

	private static Browser browser;

	private final List<FakeInstance> fakes = new java.util.ArrayList<>();

	@BeforeAll
	static void start() throws Exception {
		registry = TestRegistry.start("discovery.server.propagation.lag-threshold=200ms",
				"discovery.server.protection.enabled=true");
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
	@Order(1)
	void overviewShouldListServicesWithCountsByStatusAndHealth() throws Exception {
		Subscriber caller = Subscriber.acknowledging(registry.url(), "payment-service,cart-service", "order-service");
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
		// The caller applied every change: time to truth has figures.
		browser.until((d) -> !serviceRow("payment-service").get(8).equals("—") ? true : null);
		browser.screenshot("dashboard-overview");
		caller.close();
	}

	@Test
	@Order(4)
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
	@Order(3)
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
	@Order(2)
	void aStalledSubscriberShouldShowAsLaggingOnTheServicePage() throws Exception {
		try (Subscriber frozen = Subscriber.frozen(registry.url(), "orders-service", "frozen-caller");
				Subscriber caller = Subscriber.acknowledging(registry.url(), "orders-service", "gateway")) {
			fake(registry.fake("orders-service").zone("zone-a").metadata("version", "2.0.1").tags("primary"));
			fake(registry.fake("orders-service").zone("zone-b").metadata("version", "2.0.1"));
			browser.go(registry.url() + "/#/services/orders-service");
			browser.until((d) -> instanceIds().size() == 2 ? true : null);
			WebElement lagger = browser.find(By.cssSelector("#laggers tbody tr"));
			assertThat(lagger.getText()).contains("frozen-caller#", "127.0.0.1");
			assertThat(browser.find(By.id("propagation")).getText()).contains("Subscribers\n2");
			browser.screenshot("dashboard-service");
		}
	}

	@Test
	@Order(5)
	void protectionModeShouldShowABannerWithItsReason() throws Exception {
		browser.go(registry.url() + "/");
		browser.find(By.id("overview"));
		assertThat(browser.driver().findElement(By.id("protection")).isDisplayed()).isFalse();
		List<FakeInstance> ledgers = List.of(fake(registry.fake("ledger-service")), fake(registry.fake("ledger-service")),
				fake(registry.fake("ledger-service")), fake(registry.fake("ledger-service")));
		ledgers.subList(0, 3).forEach(FakeInstance::stopHeartbeats);
		registry.advance(Duration.ofSeconds(20));
		WebElement banner = browser.find(By.id("protection"));
		assertThat(banner.getAttribute("role")).isEqualTo("alert");
		assertThat(banner.getText()).contains("Protection mode", "ledger-service", "of 4 instances failed or expired",
				"held");
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

package dev.discovery.test.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import dev.discovery.test.TestRegistry;
import dev.discovery.test.apps.order.OrderApp;
import dev.discovery.test.apps.payment.PaymentApp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard of a registry that requires tokens, in real headless Chromium: it asks for a token and keeps it in
 * the tab's session storage only; a read token sees no actions; an admin takes a payment instance out of service
 * from the page and order-service's calls stop reaching it, and deregisters an instance after confirming.
 */
class SecuredDashboardBrowserTests {

	private static final String ADMIN = "admin-secret-0123456789";

	private static final String READER = "read-secret-0123456789";

	private static final String APPS = "app-secret-0123456789";

	private static TestRegistry registry;

	private static Browser browser;

	private static ConfigurableApplicationContext payment1;

	private static ConfigurableApplicationContext payment2;

	private static ConfigurableApplicationContext order;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void start() throws Exception {
		registry = TestRegistry.start("discovery.server.security.tokens[0].name=operator",
				"discovery.server.security.tokens[0].value=" + ADMIN, "discovery.server.security.tokens[0].roles=ADMIN",
				"discovery.server.security.tokens[1].name=viewer", "discovery.server.security.tokens[1].value=" + READER,
				"discovery.server.security.tokens[1].roles=READ", "discovery.server.security.tokens[2].name=apps",
				"discovery.server.security.tokens[2].value=" + APPS,
				"discovery.server.security.tokens[2].roles=READ,REGISTER",
				"discovery.server.security.tokens[2].services=payment-service,order-service");
		browser = Browser.open();
		payment1 = app(PaymentApp.class, "payment-service");
		payment2 = app(PaymentApp.class, "payment-service");
		order = app(OrderApp.class, "order-service");
	}

	@AfterAll
	static void stop() throws Exception {
		for (AutoCloseable closeable : new AutoCloseable[] { order, payment1, payment2, browser, registry }) {
			if (closeable != null) {
				closeable.close();
			}
		}
	}

	@BeforeEach
	void signOut() {
		browser.go(registry.url() + "/");
		browser.script("sessionStorage.clear(); localStorage.clear();");
		browser.go(registry.url() + "/ui/");
	}

	@Test
	void aReadTokenShouldSeeEverythingButNoAction() throws Exception {
		WebElement token = browser.find(By.id("token"));
		assertThat(browser.find(By.cssSelector("label[for='token']")).getText()).isEqualTo("Bearer token");
		browser.screenshot("dashboard-token");
		token.sendKeys("not-a-token");
		browser.find(By.cssSelector("#login-form button[type='submit']")).click();
		browser.awaitText("did not accept this token");
		browser.find(By.id("token")).sendKeys(READER);
		browser.find(By.cssSelector("#login-form button[type='submit']")).click();
		browser.find(By.cssSelector("#services tr[data-service='payment-service']"));
		assertThat(browser.find(By.id("identity")).getText()).contains("read-only");
		browser.go(registry.url() + "/#/services/payment-service");
		browser.until((d) -> d.findElements(By.cssSelector("#instances tbody tr")).size() == 2 ? true : null);
		assertThat(browser.all(By.cssSelector("#instances .actions"))).isEmpty();
		assertThat(browser.all(By.xpath("//button[contains(., 'out of service') or contains(., 'Deregister')]")))
			.isEmpty();
		assertThat(browser.script("return sessionStorage.getItem('discovery.token');")).isEqualTo(READER);
		assertThat(browser.script("return localStorage.length + document.cookie.length;")).isEqualTo(0L);
		browser.find(By.id("forget-token")).click();
		browser.find(By.id("token"));
		assertThat(browser.script("return sessionStorage.getItem('discovery.token');")).isNull();
	}

	@Test
	void anAdminShouldTakeAnInstanceOutOfServiceAndCallersStopReachingIt() throws Exception {
		String target = id(payment1);
		signIn(ADMIN);
		browser.go(registry.url() + "/#/services/payment-service");
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> callsReach().size() == 2);
		WebElement takeOut = browser.find(By.xpath("//tr[@data-instance='" + target
				+ "']//button[normalize-space()='Take out of service']"));
		takeOut.click();
		browser.until((d) -> d.findElement(By.cssSelector("tr[data-instance='" + target + "']"))
			.getText()
			.contains("OUT OF SERVICE") ? true : null);
		assertThat(browser.find(By.id("action-result")).getText()).contains(target, "out of service");
		await().atMost(Duration.ofSeconds(20)).until(() -> !callsReach().contains(target));
		assertThat(callsReach()).containsOnly(id(payment2));
		browser.find(By.xpath("//tr[@data-instance='" + target + "']//button[normalize-space()='Put in service']"))
			.click();
		await().atMost(Duration.ofSeconds(20)).until(() -> callsReach().contains(target));
	}

	@Test
	void anAdminShouldDeregisterAnInstanceAfterConfirming() throws Exception {
		HttpResponse<String> registered = this.http.send(HttpRequest
			.newBuilder(URI.create(registry.url() + "/api/v1/services/batch-service/instances/batch-1"))
			.header("Authorization", "Bearer " + ADMIN)
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"host\":\"127.0.0.1\",\"port\":9,"
					+ "\"healthCheck\":{\"type\":\"TTL\"},\"leaseTtl\":\"5m\"}"))
			.build(), BodyHandlers.ofString());
		assertThat(registered.statusCode()).as(registered.body()).isIn(200, 201);
		signIn(ADMIN);
		browser.go(registry.url() + "/#/services/batch-service");
		browser.find(By.xpath("//tr[@data-instance='batch-1']//button[normalize-space()='Deregister']")).click();
		WebElement confirm = browser
			.find(By.xpath("//tr[@data-instance='batch-1']//button[normalize-space()='Confirm deregister']"));
		assertThat(browser.find(By.cssSelector("tr[data-instance='batch-1']"))).isNotNull();
		assertThat(browser.driver().switchTo().activeElement()).isEqualTo(confirm);
		confirm.click();
		browser.until((d) -> d.findElements(By.cssSelector("tr[data-instance='batch-1']")).isEmpty() ? true : null);
		assertThat(browser.find(By.id("action-result")).getText()).contains("batch-1 was deregistered");
	}

	private void signIn(String token) {
		browser.find(By.id("token")).sendKeys(token);
		browser.find(By.cssSelector("#login-form button[type='submit']")).click();
		browser.find(By.id("overview"));
		assertThat(browser.find(By.id("identity")).getText()).contains("admin");
	}

	/** Which payment instances ten calls through order-service reached. */
	private static Set<String> callsReach() {
		RestClient orders = RestClient.create("http://127.0.0.1:" + port(order));
		Set<String> reached = new HashSet<>();
		for (int i = 0; i < 10; i++) {
			String answer = orders.get().uri("/orders/{id}", i).retrieve().body(String.class);
			reached.add(answer.replaceAll(".*\"instanceId\":\"([^\"]+)\".*", "$1"));
		}
		return reached;
	}

	private static ConfigurableApplicationContext app(Class<?> application, String name) {
		return new SpringApplicationBuilder(application).run("--discovery.registry.url=" + registry.url(),
				"--discovery.instance.host=127.0.0.1", "--discovery.registry.token=" + APPS,
				"--spring.application.name=" + name, "--server.port=0", "--spring.jmx.enabled=false");
	}

	private static String id(ConfigurableApplicationContext application) {
		return application.getBean(Registration.class).getInstanceId();
	}

	private static int port(ConfigurableApplicationContext application) {
		return Integer.parseInt(application.getEnvironment().getRequiredProperty("local.server.port"));
	}

}

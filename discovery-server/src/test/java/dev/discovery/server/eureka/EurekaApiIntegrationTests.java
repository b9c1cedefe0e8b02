package dev.discovery.server.eureka;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import dev.discovery.protocol.HealthState;
import dev.discovery.protocol.InstanceStatus;
import dev.discovery.server.AbstractRegistryHttpTests;
import dev.discovery.server.dns.DnsServer;
import dev.discovery.server.registry.RegisteredInstance;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "discovery.server.snapshot.enabled=false",
		"spring.jmx.enabled=false", "discovery.server.lease.eviction-interval=1h" })
class EurekaApiIntegrationTests extends AbstractRegistryHttpTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	DnsServer dns;

	/** What the Spring Cloud Eureka client sends, empty metadata marker included. */
	static String springCloudInstance(String app, String id, String host, int port, String status, String metadata) {
		return """
				{"instance":{"instanceId":"%2$s","app":"%1$s","appGroupName":null,"ipAddr":"127.0.0.1","sid":"na",
				"homePageUrl":"http://%3$s:%4$d/","statusPageUrl":"http://%3$s:%4$d/actuator/info",
				"healthCheckUrl":"http://%3$s:%4$d/actuator/health","secureHealthCheckUrl":null,
				"vipAddress":"%6$s","secureVipAddress":"%6$s","countryId":1,
				"dataCenterInfo":{"@class":"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo","name":"MyOwn"},
				"hostName":"%3$s","status":"%5$s","overriddenStatus":"UNKNOWN",
				"leaseInfo":{"renewalIntervalInSecs":30,"durationInSecs":90,"registrationTimestamp":0,
				"lastRenewalTimestamp":0,"evictionTimestamp":0,"serviceUpTimestamp":0},
				"isCoordinatingDiscoveryServer":false,"lastUpdatedTimestamp":1700000000000,
				"lastDirtyTimestamp":1700000000000,"actionType":null,"asgName":null,
				"port":{"$":%4$d,"@enabled":"true"},"securePort":{"$":443,"@enabled":"false"},
				"metadata":%7$s}}""".formatted(app, id, host, port, status, app.toLowerCase(), metadata);
	}

	ResponseEntity<String> register(String app, String body) {
		return this.http.post()
			.uri("/eureka/apps/{app}", app)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toEntity(String.class);
	}

	ResponseEntity<String> get(String path, MediaType accept) {
		return this.http.get().uri(path).accept(accept).retrieve().toEntity(String.class);
	}

	JsonNode json(String path) {
		ResponseEntity<String> response = get(path, MediaType.APPLICATION_JSON);
		assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
		return JSON.readTree(response.getBody());
	}

	static List<JsonNode> instances(JsonNode applications) {
		List<JsonNode> all = new ArrayList<>();
		applications.get("applications").get("application").forEach((app) -> app.get("instance").forEach(all::add));
		return all;
	}

	@Test
	void registrationShouldBeSeenThroughBothApis() {
		ResponseEntity<String> registered = register("INVENTORY-SERVICE", springCloudInstance("INVENTORY-SERVICE",
				"box-1:inventory-service:8085", "box-1.example", 8085, "UP",
				"{\"@class\":\"java.util.Collections$EmptyMap\",\"zone\":\"eu-1\"}"));
		assertThat(registered.getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
		RegisteredInstance held = this.registry.instances("inventory-service", true).get(0);
		assertThat(held.id()).startsWith("box-1-inventory-service-8085-").hasSize(37);
		assertThat(held.spec().host()).isEqualTo("box-1.example");
		assertThat(held.spec().port()).isEqualTo(8085);
		assertThat(held.spec().zone()).isEqualTo("eu-1");
		assertThat(held.spec().leaseTtl()).hasSeconds(90);
		JsonNode apps = json("/eureka/apps/");
		assertThat(apps.get("applications").get("apps__hashcode").asString()).isEqualTo("UP_1_");
		JsonNode instance = instances(apps).get(0);
		assertThat(instance.get("instanceId").asString()).isEqualTo("box-1:inventory-service:8085");
		assertThat(instance.get("app").asString()).isEqualTo("INVENTORY-SERVICE");
		assertThat(instance.get("hostName").asString()).isEqualTo("box-1.example");
		assertThat(instance.get("ipAddr").asString()).isEqualTo("127.0.0.1");
		assertThat(instance.get("port").get("$").asInt()).isEqualTo(8085);
		assertThat(instance.get("statusPageUrl").asString()).isEqualTo("http://box-1.example:8085/actuator/info");
		assertThat(instance.get("metadata").get("zone").asString()).isEqualTo("eu-1");
		assertThat(instance.get("metadata").has("@class")).isFalse();
		assertThat(instance.get("metadata").has("eureka.instanceId")).isFalse();
		assertThat(instance.get("leaseInfo").get("durationInSecs").asInt()).isEqualTo(90);
		assertThat(instance.get("leaseInfo").get("renewalIntervalInSecs").asInt()).isEqualTo(30);
		JsonNode v1 = JSON.readTree(get("/api/v1/services/inventory-service/instances", MediaType.APPLICATION_JSON)
			.getBody());
		assertThat(v1.get(0).get("host").asString()).isEqualTo("box-1.example");
		assertThat(v1.get(0).get("metadata").get("eureka.instanceId").asString())
			.isEqualTo("box-1:inventory-service:8085");
	}

	@Test
	void instancesRegisteredThroughTheV1ApiShouldBeEurekaInstances() {
		ResponseEntity<String> created = this.http.put()
			.uri("/api/v1/services/payment-service/instances/payment-1")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"host\":\"10.0.1.5\",\"port\":8443,\"secure\":true,\"metadata\":{\"zone\":\"eu-2\"},"
					+ "\"healthCheck\":{\"type\":\"TTL\"}}")
			.retrieve()
			.toEntity(String.class);
		assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		JsonNode instance = json("/eureka/apps/PAYMENT-SERVICE/payment-1").get("instance");
		assertThat(instance.get("instanceId").asString()).isEqualTo("payment-1");
		assertThat(instance.get("app").asString()).isEqualTo("PAYMENT-SERVICE");
		assertThat(instance.get("vipAddress").asString()).isEqualTo("payment-service");
		assertThat(instance.get("securePort").get("$").asInt()).isEqualTo(8443);
		assertThat(instance.get("securePort").get("@enabled").asString()).isEqualTo("true");
		assertThat(instance.get("port").get("@enabled").asString()).isEqualTo("false");
		assertThat(instance.get("metadata").get("zone").asString()).isEqualTo("eu-2");
		assertThat(json("/eureka/apps/payment-service").get("application").get("instance")).hasSize(1);
		assertThat(json("/eureka/instances/payment-1").get("instance").get("app").asString())
			.isEqualTo("PAYMENT-SERVICE");
		assertThat(json("/eureka/vips/payment-service").get("applications").get("application")).hasSize(1);
		assertThat(json("/eureka/svips/payment-service").get("applications").get("application")).hasSize(1);
		assertThat(json("/eureka/vips/nothing").get("applications").get("application")).isEmpty();
	}

	@Test
	void renewalShouldAnswer404ForAnUnknownInstanceSoTheClientRegistersAgain() {
		String id = "box-1:inventory-service:8085";
		assertThat(this.http.put().uri("/eureka/apps/INVENTORY-SERVICE/{id}?status=UP&lastDirtyTimestamp=1", id)
			.retrieve().toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		register("INVENTORY-SERVICE", springCloudInstance("INVENTORY-SERVICE", id, "box-1", 8085, "UP", "{}"));
		assertThat(this.http.put().uri("/eureka/apps/INVENTORY-SERVICE/{id}?status=UP&lastDirtyTimestamp=1", id)
			.retrieve().toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.http.put().uri("/eureka/apps/inventory-service/{id}", id)
			.retrieve().toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.http.delete().uri("/eureka/apps/INVENTORY-SERVICE/{id}", id)
			.retrieve().toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.registry.instanceCount()).isZero();
		assertThat(this.http.delete().uri("/eureka/apps/INVENTORY-SERVICE/{id}", id)
			.retrieve().toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(this.http.put().uri("/eureka/apps/INVENTORY-SERVICE/{id}?status=UP", id)
			.retrieve().toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void deltaShouldCarryRecentChangesAndTheHashCodeOfTheWholeRegistry() {
		register("INVENTORY-SERVICE", springCloudInstance("INVENTORY-SERVICE", "a:inventory-service:1", "box-a", 8081,
				"UP", "{}"));
		register("INVENTORY-SERVICE", springCloudInstance("INVENTORY-SERVICE", "b:inventory-service:2", "box-b", 8082,
				"UP", "{}"));
		register("STOCK", springCloudInstance("STOCK", "c:stock:3", "box-c", 8083, "DOWN", "{}"));
		this.http.delete().uri("/eureka/apps/INVENTORY-SERVICE/b:inventory-service:2").retrieve().toBodilessEntity();
		JsonNode delta = json("/eureka/apps/delta");
		assertThat(delta.get("applications").get("apps__hashcode").asString()).isEqualTo("DOWN_1_UP_1_");
		assertThat(delta.get("applications").get("versions__delta").asLong()).isEqualTo(this.registry.index());
		List<String> actions = instances(delta).stream()
			.filter((i) -> i.get("instanceId").asString().matches("[abc]:.*"))
			.map((i) -> i.get("instanceId").asString() + "=" + i.get("actionType").asString() + "/"
					+ i.get("status").asString())
			.toList();
		assertThat(actions).containsExactlyInAnyOrder("a:inventory-service:1=ADDED/UP",
				"b:inventory-service:2=DELETED/UP", "c:stock:3=ADDED/DOWN");
		assertThat(json("/eureka/apps").get("applications").get("apps__hashcode").asString())
			.isEqualTo("DOWN_1_UP_1_");
		assertThat(this.registry.instance("stock", EurekaIds.instanceId("c:stock:3")).passing()).isFalse();
	}

	@Test
	void statusOverrideShouldOutliveReRegistrationUntilDeleted() {
		String id = "a:inventory-service:1";
		String body = springCloudInstance("INVENTORY-SERVICE", id, "box-a", 8081, "UP", "{}");
		register("INVENTORY-SERVICE", body);
		assertThat(this.http.put().uri("/eureka/apps/INVENTORY-SERVICE/{id}/status?value=OUT_OF_SERVICE", id)
			.retrieve().toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(status(id)).isEqualTo("OUT_OF_SERVICE");
		assertThat(json("/eureka/apps/INVENTORY-SERVICE/" + id).get("instance").get("overriddenStatus").asString())
			.isEqualTo("OUT_OF_SERVICE");
		assertThat(this.registry.instances("inventory-service", true)).isEmpty();
		register("INVENTORY-SERVICE", body);
		assertThat(status(id)).isEqualTo("OUT_OF_SERVICE");
		assertThat(this.http.delete().uri("/eureka/apps/INVENTORY-SERVICE/{id}/status?lastDirtyTimestamp=1", id)
			.retrieve().toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(status(id)).isEqualTo("UP");
		assertThat(this.registry.instances("inventory-service", true)).hasSize(1);
		ResponseEntity<String> sideways = this.http.put()
			.uri("/eureka/apps/INVENTORY-SERVICE/{id}/status?value=SIDEWAYS", id)
			.retrieve()
			.toEntity(String.class);
		assertThat(sideways.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		JsonNode problem = JsonMapper.shared().readTree(sideways.getBody());
		assertThat(problem.get("title").asString()).isEqualTo("Invalid status");
		assertThat(problem.get("detail").asString()).contains("'SIDEWAYS' is not a status")
			.contains("OUT_OF_SERVICE");
		assertThat(status(id)).isEqualTo("UP");
	}

	@Test
	void statusOverrideOfAV1InstanceShouldKeepItsHealthCheck() {
		this.http.put()
			.uri("/api/v1/services/payment-service/instances/payment-1")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"host\":\"10.0.1.5\",\"port\":8080,\"tags\":[\"blue\"],\"healthCheck\":{\"type\":\"TCP\"}}")
			.retrieve()
			.toBodilessEntity();
		this.http.put().uri("/eureka/apps/PAYMENT-SERVICE/payment-1/status?value=OUT_OF_SERVICE").retrieve()
			.toBodilessEntity();
		RegisteredInstance held = this.registry.instance("payment-service", "payment-1");
		assertThat(held.status()).isEqualTo(InstanceStatus.OUT_OF_SERVICE);
		assertThat(held.spec().healthCheck().type()).hasToString("TCP");
		assertThat(held.spec().tags()).containsExactly("blue");
		this.http.delete().uri("/eureka/apps/PAYMENT-SERVICE/payment-1/status").retrieve().toBodilessEntity();
		assertThat(this.registry.instance("payment-service", "payment-1").status()).isEqualTo(InstanceStatus.UP);
	}

	@Test
	void criticalHealthShouldShowAsDown() {
		register("INVENTORY-SERVICE", springCloudInstance("INVENTORY-SERVICE", "a:inventory-service:1", "box-a", 8081,
				"UP", "{}"));
		RegisteredInstance held = this.registry.instances("inventory-service", false).get(0);
		this.registry.setHealth(held.service(), held.id(), HealthState.CRITICAL, "refused");
		assertThat(status("a:inventory-service:1")).isEqualTo("DOWN");
	}

	@Test
	void metadataUpdateShouldAddEntries() {
		String id = "a:inventory-service:1";
		register("INVENTORY-SERVICE", springCloudInstance("INVENTORY-SERVICE", id, "box-a", 8081, "UP",
				"{\"version\":\"1\"}"));
		assertThat(this.http.put().uri("/eureka/apps/INVENTORY-SERVICE/{id}/metadata?version=2&color=blue", id)
			.retrieve().toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.OK);
		JsonNode metadata = json("/eureka/apps/INVENTORY-SERVICE/" + id).get("instance").get("metadata");
		assertThat(metadata.get("version").asString()).isEqualTo("2");
		assertThat(metadata.get("color").asString()).isEqualTo("blue");
		assertThat(this.http.put().uri("/eureka/apps/INVENTORY-SERVICE/nobody/metadata?a=b").retrieve()
			.toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void xmlShouldBeAnsweredWhenJsonIsNotAskedFor() throws Exception {
		String xml = """
				<instance><instanceId>x:stock:9</instanceId><hostName>box-x</hostName><app>STOCK</app>
				<ipAddr>10.0.0.9</ipAddr><status>UP</status><port enabled="true">9090</port>
				<securePort enabled="false">443</securePort>
				<dataCenterInfo class="com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo"><name>MyOwn</name></dataCenterInfo>
				<leaseInfo><renewalIntervalInSecs>10</renewalIntervalInSecs><durationInSecs>30</durationInSecs></leaseInfo>
				<metadata><zone>eu-3</zone></metadata><vipAddress>stock</vipAddress></instance>""";
		assertThat(this.http.post().uri("/eureka/apps/STOCK").contentType(MediaType.APPLICATION_XML).body(xml)
			.retrieve().toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
		assertThat(this.registry.instances("stock", true).get(0).spec().leaseTtl()).hasSeconds(30);
		ResponseEntity<String> answer = this.http.get().uri("/eureka/apps").retrieve().toEntity(String.class);
		assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_XML);
		Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
			.parse(new ByteArrayInputStream(answer.getBody().getBytes(StandardCharsets.UTF_8)));
		assertThat(document.getElementsByTagName("apps__hashcode").item(0).getTextContent()).isEqualTo("UP_1_");
		assertThat(document.getElementsByTagName("instanceId").item(0).getTextContent()).isEqualTo("x:stock:9");
		assertThat(document.getElementsByTagName("zone").item(0).getTextContent()).isEqualTo("eu-3");
		assertThat(document.getElementsByTagName("renewalIntervalInSecs").item(0).getTextContent()).isEqualTo("10");
	}

	@Test
	void badRegistrationsShouldBeProblemsAndChangeNothing() {
		long index = this.registry.index();
		List<ResponseEntity<String>> answers = List.of(register("STOCK", "{\"instance\":"),
				register("STOCK", "{\"instance\":{\"app\":\"STOCK\"}}"),
				register("STOCK", springCloudInstance("OTHER", "o:1", "box", 80, "UP", "{}")),
				register("STOCK", springCloudInstance("STOCK", "o:1", "bad_host!", 80, "UP", "{}")
					.replace("\"ipAddr\":\"127.0.0.1\"", "\"ipAddr\":\"\"")),
				register("STOCK", springCloudInstance("STOCK", "o:1", "box", 70000, "UP", "{}")),
				register("NOT_A_LABEL", springCloudInstance("NOT_A_LABEL", "o:1", "box", 80, "UP", "{}")),
				this.http.post().uri("/eureka/apps/STOCK").contentType(MediaType.APPLICATION_XML)
					.body("<!DOCTYPE instance [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><instance>&x;</instance>")
					.retrieve().toEntity(String.class),
				// Nested deep enough to exhaust the stack of a reader that recurses per level.
				this.http.post().uri("/eureka/apps/STOCK").contentType(MediaType.APPLICATION_XML)
					.body("<instance><hostName>box</hostName><app>STOCK</app><metadata>" + "<a>".repeat(9000) + "x"
							+ "</a>".repeat(9000) + "</metadata></instance>")
					.retrieve().toEntity(String.class));
		assertThat(answers).allSatisfy((answer) -> {
			assertThat(answer.getStatusCode().is4xxClientError()).as(answer.toString()).isTrue();
			assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(answer.getBody()).contains("\"detail\"").doesNotContain("root:");
		});
		assertThat(this.registry.index()).isEqualTo(index);
		assertThat(this.registry.instanceCount()).isZero();
	}

	@Test
	void registrationsOfAnotherMediaTypeShouldAnswer415AndChangeNothing() {
		String instance = springCloudInstance("STOCK", "s:1", "box", 80, "UP", "{}");
		long index = this.registry.index();
		for (MediaType type : List.of(MediaType.TEXT_PLAIN, MediaType.APPLICATION_FORM_URLENCODED,
				MediaType.APPLICATION_OCTET_STREAM)) {
			// A form's "parameter names" would be the JSON itself, with line breaks Spring Security's firewall refuses.
			ResponseEntity<String> answer = this.http.post().uri("/eureka/apps/STOCK").contentType(type).body(instance)
				.retrieve().toEntity(String.class);
			assertThat(answer.getStatusCode().value()).as(type.toString()).isEqualTo(415);
			assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		}
		assertThat(this.registry.index()).isEqualTo(index);
		assertThat(this.registry.instanceCount()).isZero();
	}

	@Test
	void charactersXmlCannotCarryShouldNeverReachTheDocuments() throws Exception {
		register("STOCK", springCloudInstance("STOCK", "s:1", "box", 80, "UP", "{}"));
		long index = this.registry.index();
		assertThat(this.http.put().uri("/api/v1/services/stock/instances/s-2").contentType(MediaType.APPLICATION_JSON)
			.body("{\"host\":\"10.0.0.1\",\"port\":80,\"metadata\":{\"k\":\"a\\uFFFEb\"}}").retrieve()
			.toEntity(String.class).getStatusCode().value()).isEqualTo(422);
		assertThat(this.http.put().uri(URI.create("http://127.0.0.1:" + this.port
				+ "/eureka/apps/STOCK/s:1/metadata?k=%EF%BF%BF")).retrieve().toEntity(String.class)
			.getStatusCode().value()).isEqualTo(422);
		assertThat(this.registry.index()).isEqualTo(index);
		String xml = get("/eureka/apps", MediaType.APPLICATION_XML).getBody();
		assertThat(DocumentBuilderFactory.newInstance().newDocumentBuilder()
			.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
			.getElementsByTagName("instance").getLength()).isEqualTo(1);
	}

	@Test
	void instanceIdsThatOnlyDifferInPunctuationShouldNotCollide() {
		register("STOCK", springCloudInstance("STOCK", "box:stock:1", "box", 8081, "UP", "{}"));
		register("STOCK", springCloudInstance("STOCK", "box-stock-1", "box", 8082, "UP", "{}"));
		register("STOCK", springCloudInstance("STOCK", "box.stock.1", "box", 8083, "UP", "{}"));
		assertThat(this.registry.instances("stock", true)).hasSize(3);
		assertThat(instances(json("/eureka/apps")).stream().map((i) -> i.get("instanceId").asString()))
			.containsExactlyInAnyOrder("box:stock:1", "box-stock-1", "box.stock.1");
	}

	@Test
	void eurekaMetadataSetThroughTheV1ApiShouldNotBreakEurekaReads() {
		ResponseEntity<String> created = this.http.put()
			.uri("/api/v1/services/payment-service/instances/payment-1")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"host\":\"10.0.1.5\",\"port\":8443,\"secure\":true,\"healthCheck\":{\"type\":\"TTL\"},"
					+ "\"metadata\":{\"eureka.port\":\"eighty\",\"eureka.renewalIntervalInSecs\":\"x\","
					+ "\"eureka.overriddenStatus\":\"???\",\"eureka.status\":\"\"}}")
			.retrieve()
			.toEntity(String.class);
		assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		JsonNode instance = instances(json("/eureka/apps")).get(0);
		assertThat(instance.get("port").get("$").asInt()).isEqualTo(80);
		assertThat(instance.get("leaseInfo").get("renewalIntervalInSecs").asInt()).isEqualTo(5);
		assertThat(get("/eureka/apps", MediaType.APPLICATION_XML).getStatusCode()).isEqualTo(HttpStatus.OK);
	}

	@Test
	void hostNameTheRegistryCannotTakeShouldGiveWayToTheAddress() {
		register("STOCK", springCloudInstance("STOCK", "s:1", "box_1", 8081, "UP", "{}"));
		assertThat(this.registry.instances("stock", true).get(0).spec().host()).isEqualTo("127.0.0.1");
		assertThat(instances(json("/eureka/apps")).get(0).get("hostName").asString()).isEqualTo("box_1");
	}

	@Test
	void eurekaInstancesShouldReachWatchersAndDns() throws Exception {
		long index = this.registry.index();
		CompletableFuture<ResponseEntity<String>> blocking = CompletableFuture.supplyAsync(() -> this.http.get()
			.uri("/api/v1/services/stock/instances?index={index}&wait=30s", index)
			.retrieve()
			.toEntity(String.class));
		register("STOCK", springCloudInstance("STOCK", "s:1", "box", 8081, "UP", "{}")
			.replace("\"hostName\":\"box\"", "\"hostName\":\"10.0.7.1\""));
		assertThat(blocking.get(30, TimeUnit.SECONDS).getBody()).contains("\"host\":\"10.0.7.1\"");
		SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
		resolver.setPort(this.dns.port());
		Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString("stock.service.discovery."),
				Type.A, DClass.IN)));
		assertThat(answer.getSection(Section.ANSWER)).extracting((record) -> record.rdataToString())
			.containsExactly("10.0.7.1");
	}

	@Test
	void accessHeaderShouldChooseTheFormat() {
		assertThat(get("/eureka/apps", MediaType.APPLICATION_JSON).getHeaders().getContentType())
			.isEqualTo(MediaType.APPLICATION_JSON);
		assertThat(this.http.get().uri("/eureka/apps").header(HttpHeaders.ACCEPT, "*/*").retrieve()
			.toEntity(String.class).getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_XML);
	}

	@Test
	void documentsShouldBeGzippedWhenTheClientAcceptsIt() throws Exception {
		register("INVENTORY-SERVICE", springCloudInstance("INVENTORY-SERVICE", "a:inventory-service:1", "box-a", 8081,
				"UP", "{}"));
		HttpClient client = HttpClient.newHttpClient();
		for (String path : List.of("/eureka/apps", "/eureka/apps/delta")) {
			HttpRequest.Builder request = HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
				.header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
			HttpResponse<byte[]> plain = client.send(request.build(),
					HttpResponse.BodyHandlers.ofByteArray());
			HttpResponse<byte[]> gzip = client.send(
					request.header(HttpHeaders.ACCEPT_ENCODING, "gzip, deflate").build(),
					HttpResponse.BodyHandlers.ofByteArray());
			assertThat(plain.headers().firstValue(HttpHeaders.CONTENT_ENCODING)).as(path).isEmpty();
			assertThat(plain.headers().firstValue(HttpHeaders.VARY)).as(path).hasValue(HttpHeaders.ACCEPT_ENCODING);
			assertThat(gzip.headers().firstValue(HttpHeaders.CONTENT_ENCODING)).as(path).hasValue("gzip");
			try (GZIPInputStream in = new GZIPInputStream(
					new ByteArrayInputStream(gzip.body()))) {
				assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).as(path)
					.isEqualTo(new String(plain.body(), StandardCharsets.UTF_8))
					.contains("a:inventory-service:1");
			}
		}
	}

	private String status(String eurekaId) {
		return json("/eureka/instances/" + eurekaId).get("instance").get("status").asString();
	}

}

package dev.discovery.benchmarks.peer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.discovery.benchmarks.load.HttpConnection;

/**
 * A stock Eureka server ({@code benchmarks/eureka-peer}: Spring Cloud Netflix's server starter of the project's
 * Spring Cloud train, nothing tuned), driven through its REST API with JSON as Eureka's own Java client does.
 */
final class EurekaTarget extends Target {

	private static final List<String> JSON = List.of("Accept", "application/json");

	EurekaTarget(Path jar, List<String> jvm, Path log) throws IOException, InterruptedException {
		super(command(jar, jvm), log);
	}

	private static List<String> command(Path jar, List<String> jvm) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvm);
		// The standalone settings of Spring Cloud's guide: no registering with itself, no fetching, and its own URL as
		// the only peer (which it leaves out); without them it replicates every change to localhost:8761.
		command.addAll(List.of("-jar", jar.toString(), "--eureka.instance.hostname=localhost",
				"--eureka.client.register-with-eureka=false", "--eureka.client.fetch-registry=false",
				"--eureka.client.service-url.defaultZone=http://${eureka.instance.hostname}:${server.port}/eureka/",
				"--logging.level.root=WARN"));
		return command;
	}

	@Override
	String name() {
		return "Eureka";
	}

	@Override
	String command() {
		return "`java -Xmx1g -XX:+UseG1GC -jar benchmarks/eureka-peer/target/eureka-peer.jar "
				+ "--eureka.instance.hostname=localhost --eureka.client.register-with-eureka=false "
				+ "--eureka.client.fetch-registry=false "
				+ "--eureka.client.service-url.defaultZone=http://${eureka.instance.hostname}:${server.port}/eureka/` "
				+ "(spring-cloud-starter-netflix-eureka-server of the project's Spring Cloud train, its standalone "
				+ "settings, nothing tuned)";
	}

	@Override
	byte[] register(long n, long service) {
		String request = "POST /eureka/apps/" + app(service) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
				+ "Content-Type: application/json\r\nAccept: application/json\r\n";
		byte[] body = OwnTarget.utf8(body(n, service));
		byte[] head = OwnTarget.utf8(request + "Content-Length: " + body.length + "\r\n\r\n");
		byte[] all = new byte[head.length + body.length];
		System.arraycopy(head, 0, all, 0, head.length);
		System.arraycopy(body, 0, all, head.length, body.length);
		return all;
	}

	@Override
	int registeredStatus() {
		return 204;
	}

	@Override
	byte[] renew(long n, long service) {
		return HttpConnection.request("PUT", "/eureka/apps/" + app(service) + "/i-" + n, null);
	}

	@Override
	Get readOne(long service) {
		return new Get("/eureka/apps/" + app(service), JSON);
	}

	@Override
	Get readAll() {
		return new Get("/eureka/apps", JSON);
	}

	@Override
	Get ready() {
		return new Get("/eureka/apps", JSON);
	}

	@Override
	String endpoint(Scenario scenario) {
		return switch (scenario) {
			case REGISTER -> "`POST /eureka/apps/{app}`";
			case RENEW -> "`PUT /eureka/apps/{app}/{id}`";
			case READ_ONE -> "`GET /eureka/apps/{app}`";
			case READ_ALL -> "`GET /eureka/apps`";
			case READ_ONE_GZIP -> "the same with `Accept-Encoding: gzip` (answered uncompressed)";
		};
	}

	private static String app(long service) {
		return "SVC-" + service;
	}

	/** The same instance as the registry's scenario registers: address, port, metadata, a 5-minute lease. */
	private static String body(long n, long service) {
		String ip = "10." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255);
		return "{\"instance\":{\"instanceId\":\"i-" + n + "\",\"hostName\":\"" + ip + "\",\"app\":\""
				+ app(service) + "\",\"ipAddr\":\"" + ip + "\",\"status\":\"UP\",\"overriddenStatus\":\"UNKNOWN\","
				+ "\"port\":{\"$\":8080,\"@enabled\":\"true\"},\"securePort\":{\"$\":443,\"@enabled\":\"false\"},"
				+ "\"countryId\":1,\"dataCenterInfo\":{\"@class\":\"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo\","
				+ "\"name\":\"MyOwn\"},\"leaseInfo\":{\"renewalIntervalInSecs\":30,\"durationInSecs\":300},"
				+ "\"metadata\":{\"version\":\"1.4.2\",\"zone\":\"zone-" + (n % 3) + "\"},\"vipAddress\":\"svc-"
				+ service + "\",\"secureVipAddress\":\"svc-" + service + "\"}}";
	}

}

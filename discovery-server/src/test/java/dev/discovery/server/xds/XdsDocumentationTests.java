package dev.discovery.server.xds;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Envoy configuration users copy from the README is a valid Envoy bootstrap: it is read into Envoy's own
 * {@code Bootstrap} message by protobuf's JSON parser, which refuses unknown fields and types, and it points ADS at the
 * registry's default port.
 */
class XdsDocumentationTests {

	@Test
	void readmeEnvoyConfigurationShouldBeAValidEnvoyBootstrap() throws Exception {
		String yaml = block(Files.readString(Path.of("..", "README.md")), "### Envoy", "```yaml\n");
		Map<String, Object> tree = new Yaml().load(yaml);
		Bootstrap.Builder bootstrap = Bootstrap.newBuilder();
		JsonFormat.parser()
			.usingTypeRegistry(JsonFormat.TypeRegistry.newBuilder()
				.add(HttpConnectionManager.getDescriptor())
				.add(Router.getDescriptor())
				.add(HttpProtocolOptions.getDescriptor())
				.build())
			.merge(JsonMapper.builder().build().writeValueAsString(tree), bootstrap);
		assertThat(bootstrap.getDynamicResources().getAdsConfig().getGrpcServices(0).getEnvoyGrpc().getClusterName())
			.isEqualTo("xds_cluster");
		assertThat(bootstrap.getDynamicResources().getCdsConfig().hasAds()).isTrue();
		assertThat(bootstrap.getStaticResources().getClusters(0).getLoadAssignment().getEndpoints(0)
			.getLbEndpoints(0).getEndpoint().getAddress().getSocketAddress().getPortValue()).isEqualTo(18000);
		HttpConnectionManager manager = bootstrap.getStaticResources().getListeners(0).getFilterChains(0)
			.getFilters(0).getTypedConfig().unpack(HttpConnectionManager.class);
		assertThat(manager.getRds().getRouteConfigName()).isEqualTo("payment-service");
	}

	static String block(String document, String heading, String fence) {
		String section = document.substring(document.indexOf(heading));
		int start = section.indexOf(fence) + fence.length();
		return section.substring(start, section.indexOf("```", start));
	}

}

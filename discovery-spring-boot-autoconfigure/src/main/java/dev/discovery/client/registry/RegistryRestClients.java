package dev.discovery.client.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.client.RestClient;

/**
 * Builds the {@link RestClient} of each registry URL: one JDK HTTP client and read timeout for all, JSON without
 * nulls, the bearer token asked for before every request, and the application's customizer last.
 */
final class RegistryRestClients {

	private RegistryRestClients() {
	}

	/**
	 * A JDK HTTP client with the given connect timeout and TLS context.
	 * @param connectTimeout how long to wait for a connection to one registry
	 * @param sslContext the TLS context, or {@code null} for the JVM's default
	 * @return the client
	 */
	static HttpClient httpClient(Duration connectTimeout, @Nullable SSLContext sslContext) {
		HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(connectTimeout);
		if (sslContext != null) {
			http.sslContext(sslContext);
		}
		return http.build();
	}

	/**
	 * Builds one client per registry URL.
	 * @param endpoints the registry URLs
	 * @param httpClient the JDK HTTP client (connect timeout, TLS, proxy)
	 * @param readTimeout how long to wait for one registry's answer
	 * @param tokens asked for the bearer token before every request
	 * @param customizer applied to each builder last
	 * @return the clients by URL, in the endpoints' order
	 */
	static Map<URI, RestClient> build(RegistryEndpoints endpoints, HttpClient httpClient, Duration readTimeout,
			RegistryTokenSupplier tokens, RegistryClientCustomizer customizer) {
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
		requestFactory.setReadTimeout(readTimeout);
		JsonMapper mapper = JsonMapper.builder()
			.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
			.build();
		Map<URI, RestClient> clients = new LinkedHashMap<>();
		for (URI url : endpoints.urls()) {
			RestClient.Builder builder = RestClient.builder()
				.baseUrl(url)
				.requestFactory(requestFactory)
				.requestInterceptor(new TokenInterceptor(url, tokens))
				.requestInterceptor(new AnswerSizeLimit(AnswerSizeLimit.DEFAULT_MAX_BYTES))
				.configureMessageConverters(
						(converters) -> converters.withJsonConverter(new JacksonJsonHttpMessageConverter(mapper)));
			customizer.customize(builder);
			clients.put(url, builder.build());
		}
		return clients;
	}

	/**
	 * Asks the token supplier before every request. A supplier that fails fails the operation at once (another
	 * registry URL would need the same token) with a {@link RegistryException}; the caller's loop retries.
	 */
	private record TokenInterceptor(URI url, RegistryTokenSupplier tokens) implements ClientHttpRequestInterceptor {

		@Override
		public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
				throws IOException {
			String token;
			try {
				token = this.tokens.token();
			}
			catch (RuntimeException ex) {
				throw new RegistryException(this.url, RegistryException.NO_RESPONSE, null,
						"Could not get a token for registry " + this.url + ": " + RegistryCalls.describe(ex), ex);
			}
			if (token != null && !token.isBlank()) {
				request.getHeaders().setBearerAuth(token.trim());
			}
			return execution.execute(request, body);
		}

	}

}

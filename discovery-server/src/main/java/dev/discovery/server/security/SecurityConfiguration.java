package dev.discovery.server.security;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.ExceptionTranslationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;

import dev.discovery.server.config.LimitsProperties;
import dev.discovery.server.protection.Tenants;

/**
 * The registry's security: bearer tokens with roles when tokens are configured, open (and loud about it) when not.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

	private static final Log logger = LogFactory.getLog(SecurityConfiguration.class);

	private static final String INSTANCE_WRITES = "/api/v1/services/{service}/instances/**";

	/** Eureka's application name stands for the service (in upper case; ownership ignores case). */
	private static final String EUREKA_REGISTER = "/eureka/apps/{service}";

	private static final String EUREKA_INSTANCE_WRITES = "/eureka/apps/{service}/**";

	/** A watcher acknowledging what it applied: part of reading, like the stream itself. */
	static final String WATCH_ACKNOWLEDGEMENTS = "/api/v1/watch/{id}/applied";

	/** Tokens shorter than this are named in a warning at start. */
	static final int SHORT_TOKEN = 32;

	@Bean
	TokenAuthenticator tokenAuthenticator(SecurityProperties properties) {
		TokenAuthenticator authenticator = new TokenAuthenticator(properties);
		if (!authenticator.enabled()) {
			if (properties.isRequireAuth()) {
				throw new IllegalStateException("discovery.server.security.require-auth is true but no tokens are "
						+ "configured: add discovery.server.security.tokens or set require-auth to false");
			}
			logger.warn("*** The registry is OPEN: anyone who can reach it may register, change and remove "
					+ "instances. Configure discovery.server.security.tokens to require bearer tokens. ***");
		}
		else {
			logger.info("Registry requires bearer tokens (" + properties.getTokens().size() + " configured)");
			warnAboutShortTokens(properties);
		}
		return authenticator;
	}

	/**
	 * Names each configured token shorter than {@value #SHORT_TOKEN} characters: unknown tokens are answered 401 as
	 * fast as anything else (an address is not locked out, see {@link UnknownTokens}), so a token's length is what
	 * keeps it from being guessed.
	 */
	static int warnAboutShortTokens(SecurityProperties properties) {
		int warned = 0;
		for (int position = 0; position < properties.getTokens().size(); position++) {
			SecurityProperties.Token token = properties.getTokens().get(position);
			int length = token.getValue().length();
			if (length < SHORT_TOKEN) {
				warned++;
				logger.warn("discovery.server.security.tokens[" + position + "]"
						+ ((token.getName() != null) ? " (" + token.getName() + ")" : "") + " is only " + length
						+ " characters long: a token that short can be guessed; use at least " + SHORT_TOKEN
						+ " random characters, such as the output of `openssl rand -hex 32`");
			}
		}
		return warned;
	}

	/** Protection mode counts losses per tenant: who may write a service, from the tokens. */
	@Bean
	Tenants protectionTenants(TokenAuthenticator authenticator) {
		return authenticator.enabled() ? new TokenTenants(authenticator.principals()) : Tenants.ONE;
	}

	@Bean
	ProblemWriter problemWriter(JsonMapper jsonMapper) {
		return new ProblemWriter(jsonMapper);
	}

	@Bean
	WriteRateLimiter writeRateLimiter(Clock clock, LimitsProperties limits) {
		return new WriteRateLimiter(clock, limits.getWriteRate(), limits.getWriteBurst());
	}

	/** Keeps Boot from creating a default user with a generated password: tokens are the only credentials. */
	@Bean
	UserDetailsService noUsers() {
		return new InMemoryUserDetailsManager();
	}

	@Bean
	SecurityFilterChain registrySecurity(HttpSecurity http, TokenAuthenticator authenticator, ProblemWriter problems,
			WriteRateLimiter limiter, ObjectProvider<MeterRegistry> meters) {
		// A stateless API: no session, so neither the session filters nor a request cache (the 401 is the answer,
		// there is no login page to come back from); no anonymous principal (a request without a token has no
		// authentication, which the rules refuse with the same 401). Each filter left out is one less per request.
		// The servlet API wrapper stays: Actuator (show-details: when-authorized) and an access log's %u read the
		// token's principal from the request.
		http.setSharedObject(RequestCache.class, new NullRequestCache());
		http.csrf((csrf) -> csrf.disable())
			.httpBasic((basic) -> basic.disable())
			.formLogin((form) -> form.disable())
			.logout((logout) -> logout.disable())
			.requestCache((cache) -> cache.disable())
			.sessionManagement((sessions) -> sessions.disable())
			.securityContext((context) -> context.securityContextRepository(
					new RequestAttributeSecurityContextRepository()))
			.anonymous((anonymous) -> anonymous.disable())
			.addFilterBefore(
					new BearerTokenFilter(authenticator, problems, new UnknownTokens(meters.getIfAvailable())),
					ExceptionTranslationFilter.class)
			.addFilterBefore(new WriteRateLimitFilter(limiter, problems), ExceptionTranslationFilter.class)
			.exceptionHandling((errors) -> errors
				.authenticationEntryPoint((request, response, ex) -> unauthenticated(problems, request, response))
				.accessDeniedHandler((request, response, ex) -> problems.write(request, response,
						HttpStatus.FORBIDDEN, "Forbidden", "This token may not do this", Map.of())))
			.authorizeHttpRequests((requests) -> authorize(requests, authenticator.enabled()));
		return http.build();
	}

	/**
	 * Eureka clients can only send HTTP basic credentials, and some send them only when challenged: the Eureka API
	 * offers basic first.
	 */
	private static void unauthenticated(ProblemWriter problems, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		boolean eureka = request.getRequestURI().startsWith("/eureka/");
		problems.write(request, response, HttpStatus.UNAUTHORIZED, "Unauthorized", eureka
				? "This request needs a token: the password of HTTP basic (any user name), or Authorization: Bearer "
						+ "<token>"
				: "This request needs a bearer token: Authorization: Bearer <token>",
				Map.of(HttpHeaders.WWW_AUTHENTICATE, eureka ? "Basic realm=\"discovery\", Bearer" : "Bearer"));
	}

	private static void authorize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests,
			boolean enabled) {
		if (!enabled) {
			requests.anyRequest().permitAll();
			return;
		}
		requests.requestMatchers("/health", "/health/**", "/actuator/health", "/actuator/health/**", "/actuator/info",
				"/error")
			.permitAll()
			// The dashboard's page and assets hold no data: it asks for a token and sends it with each API call.
			.requestMatchers(HttpMethod.GET, "/", "/ui", "/ui/**", "/favicon.ico")
			.permitAll()
			.requestMatchers(HttpMethod.PUT, INSTANCE_WRITES)
			.access(new ServiceOwnership())
			.requestMatchers(HttpMethod.DELETE, INSTANCE_WRITES)
			.access(new ServiceOwnership())
			.requestMatchers(HttpMethod.POST, EUREKA_REGISTER)
			.access(new ServiceOwnership())
			.requestMatchers(HttpMethod.PUT, EUREKA_INSTANCE_WRITES)
			.access(new ServiceOwnership())
			.requestMatchers(HttpMethod.DELETE, EUREKA_INSTANCE_WRITES)
			.access(new ServiceOwnership())
			.requestMatchers(HttpMethod.GET, "/api/**", "/eureka/**")
			.hasAnyRole(Role.READ.name(), Role.ADMIN.name())
			.requestMatchers(HttpMethod.POST, "/api/v1/watch", "/api/v1/services/{service}/instances/{instanceId}/suspect")
			.hasAnyRole(Role.READ.name(), Role.ADMIN.name())
			.requestMatchers(HttpMethod.PUT, WATCH_ACKNOWLEDGEMENTS)
			.hasAnyRole(Role.READ.name(), Role.ADMIN.name())
			.anyRequest()
			.hasRole(Role.ADMIN.name());
	}

}

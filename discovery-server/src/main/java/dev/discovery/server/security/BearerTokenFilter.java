package dev.discovery.server.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer} tokens, and tokens sent as the password of HTTP basic authentication
 * (what Eureka clients can send). A request without one goes on anonymously (and is refused
 * later where a role is needed); a request with an unknown token is refused here with 401, and counted and logged
 * ({@link UnknownTokens}). It authenticates the
 * asynchronous re-dispatch of a blocking query or delivery wait too: that dispatch is authorised again, and without
 * the token it would be refused after the wait. On an open registry (no tokens configured) a token is ignored, so
 * an application configured for a secured registry also works against a local, open one.
 */
class BearerTokenFilter extends OncePerRequestFilter {

	private static final String PREFIX = "Bearer ";

	private static final String BASIC = "Basic ";

	private final TokenAuthenticator authenticator;

	private final ProblemWriter problems;

	private final UnknownTokens unknown;

	BearerTokenFilter(TokenAuthenticator authenticator, ProblemWriter problems, UnknownTokens unknown) {
		this.authenticator = authenticator;
		this.problems = problems;
		this.unknown = unknown;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null) {
			chain.doFilter(request, response);
			return;
		}
		if (!this.authenticator.enabled()) {
			if (logger.isDebugEnabled()) {
				logger.debug("Ignored the Authorization header of " + request.getMethod() + " "
						+ request.getRequestURI() + ": this registry is open (no tokens configured)");
			}
			chain.doFilter(request, response);
			return;
		}
		String token = token(header);
		TokenPrincipal principal = (token != null) ? this.authenticator.authenticate(token) : null;
		if (principal == null) {
			this.unknown.presented(request.getRemoteAddr());
			this.problems.write(request, response, HttpStatus.UNAUTHORIZED, "Unauthorized",
					"The token (bearer, or the password of HTTP basic) is not one the registry accepts",
					Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\""));
			return;
		}
		UsernamePasswordAuthenticationToken authentication = UsernamePasswordAuthenticationToken.authenticated(
				principal, null,
				principal.roles().stream().map((role) -> new SimpleGrantedAuthority(role.authority())).toList());
		SecurityContextHolder.getContext().setAuthentication(authentication);
		try {
			chain.doFilter(request, response);
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

	/**
	 * The token of a bearer header, or the password of a basic one: Eureka clients can only send basic credentials
	 * (in their service URL), so they send the token as the password, under any user name.
	 */
	private static @Nullable String token(String header) {
		if (header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
			return header.substring(PREFIX.length()).trim();
		}
		if (header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
			try {
				String credentials = new String(Base64.getDecoder().decode(header.substring(BASIC.length()).trim()),
						StandardCharsets.UTF_8);
				int colon = credentials.indexOf(':');
				return (colon >= 0) ? credentials.substring(colon + 1) : null;
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
		}
		return null;
	}

}

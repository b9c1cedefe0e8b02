package dev.discovery.server.xds;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;

import dev.discovery.server.security.Role;
import dev.discovery.server.security.TokenAuthenticator;
import dev.discovery.server.security.TokenPrincipal;
import dev.discovery.server.watch.WatcherQuota;

/**
 * Admits xDS streams: with tokens configured, a stream needs {@code authorization: Bearer <token>} metadata with
 * the {@code read} role (like {@code GET /api/**}); each client address may hold a bounded number of streams; and a
 * stream whose client stops reading is ended instead of buffering responses without bound.
 */
final class StreamGuard implements ServerInterceptor {

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final String BEARER = "bearer ";

	private final TokenAuthenticator authenticator;

	private final WatcherQuota quota;

	private final int maxUnread;

	private final XdsMetrics metrics;

	private final XdsPublisher publisher;

	private final AtomicInteger open = new AtomicInteger();

	StreamGuard(TokenAuthenticator authenticator, WatcherQuota quota, int maxUnread, XdsMetrics metrics,
			XdsPublisher publisher) {
		this.authenticator = authenticator;
		this.quota = quota;
		this.maxUnread = maxUnread;
		this.metrics = metrics;
		this.publisher = publisher;
	}

	/** How many streams are open now. */
	int openStreams() {
		return this.open.get();
	}

	@Override
	public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
			ServerCallHandler<Q, R> next) {
		String token = null;
		if (this.authenticator.enabled()) {
			TokenPrincipal principal = authenticate(headers.get(AUTHORIZATION));
			if (principal == null) {
				return refuse(call, Status.UNAUTHENTICATED.withDescription(
						"xDS streams need a bearer token with the read role: metadata authorization: Bearer <token>"),
						"unauthenticated");
			}
			if (!principal.roles().contains(Role.READ) && !principal.roles().contains(Role.ADMIN)) {
				return refuse(call, Status.PERMISSION_DENIED.withDescription(
						"Token " + principal.name() + " may not read the registry: it needs the read role"), "forbidden");
			}
			token = principal.name();
		}
		String address = address(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
		if (!this.quota.acquire(address)) {
			return refuse(call, Status.RESOURCE_EXHAUSTED.withDescription(address + " already holds "
					+ this.quota.perAddress() + " xDS streams, the most one client address may hold"), "limit");
		}
		this.open.incrementAndGet();
		// The control plane follows the registry only while a stream is open; the first one waits for the state.
		this.publisher.subscribed();
		Runnable release = () -> {
			this.quota.release(address);
			this.open.decrementAndGet();
			this.publisher.unsubscribed();
		};
		XdsClient client = new XdsClient(address, token);
		GuardedCall<Q, R> guarded = new GuardedCall<>(call, client, this.maxUnread, release, this.metrics);
		Context context = Context.current().withValue(XdsClient.KEY, client);
		try {
			return new EndingListener<>(Contexts.interceptCall(context, guarded, headers, next), guarded);
		}
		catch (RuntimeException ex) {
			guarded.release();
			throw ex;
		}
	}

	private @Nullable TokenPrincipal authenticate(@Nullable String authorization) {
		if (authorization == null || !authorization.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
			return null;
		}
		return this.authenticator.authenticate(authorization.substring(BEARER.length()).trim());
	}

	private <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status, String reason) {
		this.metrics.refused(reason);
		call.close(status, new Metadata());
		return new ServerCall.Listener<>() {
		};
	}

	private static String address(@Nullable SocketAddress remote) {
		if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
			return inet.getAddress().getHostAddress();
		}
		return String.valueOf(remote);
	}

	/**
	 * Gives the stream's slot back when it ends, and tells the handler a stream the guard ended was cancelled, so it
	 * drops its watches.
	 */
	private static final class EndingListener<Q> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {

		private final GuardedCall<Q, ?> call;

		EndingListener(ServerCall.Listener<Q> delegate, GuardedCall<Q, ?> call) {
			super(delegate);
			this.call = call;
		}

		@Override
		public void onComplete() {
			try {
				if (this.call.endedByGuard()) {
					super.onCancel();
				}
				else {
					super.onComplete();
				}
			}
			finally {
				this.call.release();
			}
		}

		@Override
		public void onCancel() {
			try {
				super.onCancel();
			}
			finally {
				this.call.release();
			}
		}

	}

}

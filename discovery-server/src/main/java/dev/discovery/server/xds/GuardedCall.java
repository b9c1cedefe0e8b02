package dev.discovery.server.xds;

import java.util.concurrent.atomic.AtomicBoolean;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One xDS stream's server side, guarded: responses sent while the client is not reading are counted, and past the
 * limit the stream is ended rather than letting responses pile up in the registry's memory. Once ended, further
 * sends are dropped, so the stream handler never fails on a stream it did not know had ended.
 */
final class GuardedCall<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {

	private static final Log logger = LogFactory.getLog(GuardedCall.class);

	private final XdsClient client;

	private final int maxUnread;

	private final Runnable release;

	private final XdsMetrics metrics;

	private final AtomicBoolean released = new AtomicBoolean();

	private int unread;

	private boolean closed;

	private volatile boolean endedByGuard;

	GuardedCall(ServerCall<Q, R> delegate, XdsClient client, int maxUnread, Runnable release, XdsMetrics metrics) {
		super(delegate);
		this.client = client;
		this.maxUnread = maxUnread;
		this.release = release;
		this.metrics = metrics;
	}

	@Override
	public synchronized void sendMessage(R message) {
		if (this.closed) {
			return;
		}
		this.unread = isReady() ? 0 : this.unread + 1;
		if (this.unread > this.maxUnread) {
			this.endedByGuard = true;
			this.metrics.refused("unread");
			logger.warn("Ended an xDS stream from " + this.client + ": it left " + this.maxUnread
					+ " responses unread");
			close(Status.RESOURCE_EXHAUSTED.withDescription("The client stopped reading responses"), new Metadata());
			return;
		}
		super.sendMessage(message);
	}

	@Override
	public synchronized void close(Status status, Metadata trailers) {
		if (this.closed) {
			return;
		}
		this.closed = true;
		super.close(status, trailers);
	}

	boolean endedByGuard() {
		return this.endedByGuard;
	}

	/** Gives the stream's slot back, once. */
	void release() {
		if (this.released.compareAndSet(false, true)) {
			this.release.run();
		}
	}

}

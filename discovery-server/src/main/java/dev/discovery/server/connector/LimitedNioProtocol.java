package dev.discovery.server.connector;

import org.apache.coyote.http11.Http11NioProtocol;

/**
 * Tomcat's NIO HTTP/1.1 protocol on a {@link LimitedNioEndpoint}. Named by class in the connector, so it has a
 * public no-argument constructor; {@link ConnectorConfiguration} hands it its limits before it starts.
 */
public class LimitedNioProtocol extends Http11NioProtocol {

	public LimitedNioProtocol() {
		super(new LimitedNioEndpoint());
	}

	void limits(ConnectorLimits limits) {
		((LimitedNioEndpoint) getEndpoint()).limits(limits);
	}

}

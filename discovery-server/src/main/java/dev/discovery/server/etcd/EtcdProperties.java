package dev.discovery.server.etcd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a replica reaches etcd and takes part in the cluster, under {@code discovery.server.etcd}; used when
 * {@code discovery.server.store=etcd}.
 */
@ConfigurationProperties("discovery.server.etcd")
public class EtcdProperties {

	/** etcd client URLs; https:// ones use TLS. */
	private List<String> endpoints = new ArrayList<>(List.of("http://127.0.0.1:2379"));

	/** Key prefix of this registry; registries sharing one etcd need different prefixes. */
	private String prefix = "/discovery";

	/** User name for etcd authentication. */
	private @Nullable String username;

	/** Password for etcd authentication. */
	private @Nullable String password;

	/** SSL bundle (spring.ssl.bundle.*) with the CA that signed etcd's certificate, and a client key for mutual TLS. */
	private @Nullable String sslBundle;

	/** How long a replica that stops renewing its membership keeps its share of the health checks. */
	private Duration memberTtl = Duration.ofSeconds(5);

	/** Longest an etcd call may take; a write that takes longer answers 503. */
	private Duration requestTimeout = Duration.ofSeconds(5);

	public List<String> getEndpoints() {
		return this.endpoints;
	}

	public void setEndpoints(List<String> endpoints) {
		this.endpoints = endpoints;
	}

	public String getPrefix() {
		return this.prefix;
	}

	public void setPrefix(String prefix) {
		this.prefix = prefix;
	}

	public @Nullable String getUsername() {
		return this.username;
	}

	public void setUsername(@Nullable String username) {
		this.username = username;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public @Nullable String getSslBundle() {
		return this.sslBundle;
	}

	public void setSslBundle(@Nullable String sslBundle) {
		this.sslBundle = sslBundle;
	}

	public Duration getMemberTtl() {
		return this.memberTtl;
	}

	public void setMemberTtl(Duration memberTtl) {
		this.memberTtl = memberTtl;
	}

	public Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
	}

}

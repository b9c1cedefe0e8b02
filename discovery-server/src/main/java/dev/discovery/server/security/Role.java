package dev.discovery.server.security;

/**
 * What a token may do. {@code ADMIN} may do everything.
 */
public enum Role {

	/** List services and instances, watch changes. */
	READ,

	/** Register, renew, change the status of and deregister instances of the token's own services. */
	REGISTER,

	/** Everything, the dashboard and the operational endpoints included. */
	ADMIN;

	String authority() {
		return "ROLE_" + name();
	}

}

package dev.discovery.server.health;

/** Why a check runs, which decides how its outcome is recorded. */
enum CheckKind {

	/** On the instance's schedule. */
	REGULAR,

	/** On a caller's report, of an instance this node checks. */
	SUSPECT,

	/** On a caller's report, of an instance another node of the cluster checks. */
	OTHERS_SUSPECT

}

package dev.discovery.server.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.discovery.server.config.LimitsProperties;
import dev.discovery.server.registry.InvalidRequestException.FieldError;

/**
 * The descriptive part of a registration, bounded by the server's limits: metadata, tags, and the zone and weight
 * that may also come from metadata.
 */
final class InstanceLabels {

	private static final int MAX_WEIGHT = 1000;

	private final LimitsProperties limits;

	InstanceLabels(LimitsProperties limits) {
		this.limits = limits;
	}

	Map<String, String> metadata(@Nullable Map<String, String> metadata, List<FieldError> errors) {
		Map<String, String> result = new LinkedHashMap<>();
		if (metadata == null) {
			return result;
		}
		if (metadata.size() > this.limits.getMaxMetadataEntries()) {
			errors.add(new FieldError("metadata",
					metadata.size() + " entries, at most " + this.limits.getMaxMetadataEntries() + " allowed"));
			return result;
		}
		metadata.forEach((key, value) -> {
			if (key == null || key.isEmpty() || key.length() > this.limits.getMaxMetadataKeyLength()
					|| WireText.hasControlCharacter(key)) {
				errors.add(new FieldError("metadata", "key '" + WireText.printable(String.valueOf(key))
						+ "' must be 1-" + this.limits.getMaxMetadataKeyLength() + " printable characters"));
			}
			else if (value == null || value.length() > this.limits.getMaxMetadataValueLength()
					|| WireText.hasControlCharacter(value)) {
				errors.add(new FieldError("metadata." + key, "value must be at most "
						+ this.limits.getMaxMetadataValueLength() + " printable characters"));
			}
			else {
				result.put(key, value);
			}
		});
		return result;
	}

	List<String> tags(@Nullable List<String> tags, List<FieldError> errors) {
		if (tags == null) {
			return List.of();
		}
		if (tags.size() > this.limits.getMaxTags()) {
			errors.add(new FieldError("tags", tags.size() + " tags, at most " + this.limits.getMaxTags() + " allowed"));
			return List.of();
		}
		for (String tag : tags) {
			if (tag == null || tag.isEmpty() || tag.length() > this.limits.getMaxTagLength()
					|| WireText.hasControlCharacter(tag)) {
				errors.add(new FieldError("tags", "tag '" + WireText.printable(String.valueOf(tag)) + "' must be 1-"
						+ this.limits.getMaxTagLength() + " printable characters"));
			}
		}
		return tags.stream().distinct().toList();
	}

	static @Nullable String zone(@Nullable String zone, List<FieldError> errors) {
		if (zone != null && (zone.isEmpty() || zone.length() > 63 || WireText.hasControlCharacter(zone))) {
			errors.add(new FieldError("zone", "must be 1-63 printable characters"));
		}
		return zone;
	}

	static int weight(@Nullable Integer weight, @Nullable String fromMetadata, List<FieldError> errors) {
		Integer value = weight;
		if (value == null && fromMetadata != null) {
			try {
				value = Integer.valueOf(fromMetadata.trim());
			}
			catch (NumberFormatException ex) {
				errors.add(new FieldError("metadata.weight",
						"'" + WireText.printable(fromMetadata) + "' is not a whole number"));
				return 1;
			}
		}
		if (value == null) {
			return 1;
		}
		if (value < 1 || value > MAX_WEIGHT) {
			errors.add(new FieldError("weight", value + " is outside 1-" + MAX_WEIGHT));
		}
		return value;
	}

}

package dev.yakata.adapter.onvif.snapshot;

import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Pictures from the cameras this adapter drives, as an OSGi service. A door event that needs a picture (a later slice)
 * asks here by device id; the fetch runs on the adapter's own threads, within the camera's time and size limits.
 */
@ProviderType
public interface CameraSnapshots {

    /**
     * Fetches one JPEG from the camera now. Returns at once; the stage completes with the picture or exceptionally
     * with a {@link SnapshotException} whose message names the camera and the cause, always within the camera's
     * {@code camera.snapshot.timeout.millis} (default 3 s) plus a small margin.
     */
    CompletionStage<Snapshot> snapshot(String deviceId);

    /** Per open camera, sorted by device id, one line for an operator: state, snapshots, events received and ignored. */
    Map<String, String> cameraCounts();
}

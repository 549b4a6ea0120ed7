package io.floe.persistence.leveldb;

import io.floe.persistence.AbstractNodeStateStoreTest;
import io.floe.persistence.NodeStorage;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Runs the {@code NodeStateStore} contract against LevelDB storage in a fresh directory. */
class LevelDbNodeStateStoreTest extends AbstractNodeStateStoreTest {
    @TempDir
    Path directory;

    @Override
    protected NodeStorage openStorage() throws IOException {
        return LevelDbNodeStorage.open(LevelDbSettings.defaults(directory.resolve("node/storage")));
    }
}

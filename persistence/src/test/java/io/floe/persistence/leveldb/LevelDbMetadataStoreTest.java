package io.floe.persistence.leveldb;

import io.floe.persistence.AbstractMetadataStoreTest;
import io.floe.persistence.NodeStorage;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Runs the {@code MetadataStore} contract against LevelDB storage in a fresh directory. */
class LevelDbMetadataStoreTest extends AbstractMetadataStoreTest {
    @TempDir
    Path directory;

    @Override
    protected NodeStorage openStorage() throws IOException {
        return LevelDbNodeStorage.open(LevelDbSettings.defaults(directory.resolve("node/storage")));
    }
}

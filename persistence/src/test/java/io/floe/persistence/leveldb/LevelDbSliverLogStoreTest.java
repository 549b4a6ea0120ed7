package io.floe.persistence.leveldb;

import io.floe.persistence.AbstractSliverStoreTest;
import io.floe.persistence.NodeStorage;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Runs the {@code SliverStore} contract against LevelDB storage that appends every sliver to the sliver log. */
class LevelDbSliverLogStoreTest extends AbstractSliverStoreTest {
    @TempDir
    Path directory;

    @Override
    protected NodeStorage openStorage() throws IOException {
        return LevelDbNodeStorage.open(LevelDbSettings.defaults(directory.resolve("node/storage"))
                .withSliverLogBytes(1));
    }
}

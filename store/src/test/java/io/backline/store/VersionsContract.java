package io.backline.store;

import static io.backline.store.StoreFixtures.T0;
import static io.backline.store.StoreFixtures.at;
import static io.backline.store.StoreFixtures.draft;
import static io.backline.store.StoreFixtures.service;
import static io.backline.store.StoreFixtures.serviceId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backline.model.Version;
import org.junit.jupiter.api.Test;

/** Versions of a service: insert, list, highest number, the active one, updates. */
interface VersionsContract extends StoreContractSupport {

    private void givenShop() {
        writeAll(tx -> tx.insertService(service("A", "shop")));
    }

    @Test
    default void insertedVersionReadsBackWithEveryField() {
        givenShop();
        var version = new Version(SHOP, 1, "first \"one\" ☃", true, true, false, at(0), at(9));
        var staged = new Version(SHOP, 2, "", false, false, true, at(10), at(10));
        writeAll(tx -> {
            tx.insertVersion(version);
            tx.insertVersion(staged);
        });

        assertThat(store().read((StoreTx tx) -> tx.version(SHOP, 1))).contains(version);
        assertThat(store().read((StoreTx tx) -> tx.version(SHOP, 2))).contains(staged);
    }

    @Test
    default void unknownVersionReadsAsEmpty() {
        givenShop();

        assertThat(store().read((StoreTx tx) -> tx.version(SHOP, 1))).isEmpty();
    }

    @Test
    default void versionsListInAscendingOrderWhateverTheInsertOrder() {
        givenShop();
        writeAll(tx -> {
            tx.insertVersion(draft(SHOP, 3));
            tx.insertVersion(draft(SHOP, 1));
            tx.insertVersion(draft(SHOP, 2));
        });

        assertThat(store().read((StoreTx tx) -> tx.versions(SHOP)).stream().map(Version::number)).containsExactly(1, 2, 3);
    }

    @Test
    default void maxVersionIsZeroWithoutVersionsAndTheHighestNumberOtherwise() {
        givenShop();
        assertThat(store().read((StoreTx tx) -> tx.maxVersion(SHOP))).isZero();

        writeAll(tx -> {
            tx.insertVersion(draft(SHOP, 1));
            tx.insertVersion(draft(SHOP, 3));
        });
        assertThat(store().read((StoreTx tx) -> tx.maxVersion(SHOP))).isEqualTo(3);
    }

    @Test
    default void activeVersionIsEmptyUntilOneIsActivated() {
        givenShop();
        writeAll(tx -> tx.insertVersion(draft(SHOP, 1)));
        assertThat(store().read((StoreTx tx) -> tx.activeVersion(SHOP))).isEmpty();

        var active = draft(SHOP, 1).activated(at(30));
        writeAll(tx -> tx.updateVersion(active));
        assertThat(store().read((StoreTx tx) -> tx.activeVersion(SHOP))).contains(active);
    }

    @Test
    default void deactivatingOneVersionAndActivatingAnotherInOneWriteMovesTheActiveVersion() {
        givenShop();
        var one = draft(SHOP, 1).activated(at(10));
        writeAll(tx -> {
            tx.insertVersion(one);
            tx.insertVersion(draft(SHOP, 2));
        });

        writeAll(tx -> {
            tx.updateVersion(one.deactivated(at(20)));
            tx.updateVersion(draft(SHOP, 2).activated(at(20)));
        });

        assertThat(store().read((StoreTx tx) -> tx.activeVersion(SHOP)).map(Version::number)).contains(2);
        assertThat(store().read((StoreTx tx) -> tx.version(SHOP, 1))).contains(one.deactivated(at(20)));
    }

    @Test
    default void updateChangesCommentFlagsAndUpdatedTime() {
        givenShop();
        writeAll(tx -> tx.insertVersion(draft(SHOP, 1)));
        var changed = new Version(SHOP, 1, "changed", false, true, true, T0, at(99));
        writeAll(tx -> tx.updateVersion(changed));

        assertThat(store().read((StoreTx tx) -> tx.version(SHOP, 1))).contains(changed);
    }

    @Test
    default void versionsBelongToTheirService() {
        givenShop();
        var other = serviceId("B");
        writeAll(tx -> {
            tx.insertService(service("B", "other"));
            tx.insertVersion(draft(SHOP, 1));
            tx.insertVersion(draft(other, 1));
            tx.insertVersion(draft(other, 2).activated(T0));
        });

        assertThat(store().read((StoreTx tx) -> tx.versions(SHOP))).containsExactly(draft(SHOP, 1));
        assertThat(store().read((StoreTx tx) -> tx.maxVersion(SHOP))).isEqualTo(1);
        assertThat(store().read((StoreTx tx) -> tx.activeVersion(SHOP))).isEmpty();
        assertThat(store().read((StoreTx tx) -> tx.versions(other))).hasSize(2);
    }

    @Test
    default void aSecondVersionWithTheSameNumberIsRefused() {
        givenShop();
        writeAll(tx -> tx.insertVersion(draft(SHOP, 1)));

        assertThatThrownBy(() -> writeAll(tx -> tx.insertVersion(draft(SHOP, 1).withComment("again", T0))))
                .isInstanceOf(StoreException.class);
        assertThat(store().read((StoreTx tx) -> tx.versions(SHOP))).containsExactly(draft(SHOP, 1));
    }

    @Test
    default void theStagedVersionIsFoundPerServiceAndListedWithItsObjectsRevision() {
        givenShop();
        writeAll(tx -> {
            tx.insertVersion(draft(SHOP, 1).activated(T0));
            tx.insertVersion(draft(SHOP, 2));
        });
        assertThat(store().read((StoreTx tx) -> tx.stagedVersion(SHOP))).isEmpty();

        var staged = draft(SHOP, 2).staged(at(10));
        writeAll(tx -> tx.updateVersion(staged));
        writeAll(tx -> tx.insertObject(StoreFixtures.backend(SHOP, 2, "origin")));

        assertThat(store().read((StoreTx tx) -> tx.stagedVersion(SHOP))).contains(staged);
        assertThat(store().read(StoreTx::stagedVersions)).singleElement().satisfies(ref -> {
            assertThat(ref.version()).isEqualTo(staged);
            assertThat(ref.objectsRevision()).isEqualTo(1);
        });
        assertThat(store().read((StoreTx tx) -> tx.activeVersion(SHOP)).map(Version::number)).contains(1);
    }

    @Test
    default void aSecondStagedVersionOfOneServiceIsRefused() {
        givenShop();
        writeAll(tx -> {
            tx.insertVersion(draft(SHOP, 1).staged(T0));
            tx.insertVersion(draft(SHOP, 2));
        });

        assertThatThrownBy(() -> writeAll(tx -> tx.updateVersion(draft(SHOP, 2).staged(at(5)))))
                .isInstanceOf(StoreException.class);
        writeAll(tx -> {
            tx.updateVersion(draft(SHOP, 1).staged(T0).unstaged(at(6)));
            tx.updateVersion(draft(SHOP, 2).staged(at(6)));
        });
        assertThat(store().read((StoreTx tx) -> tx.stagedVersion(SHOP)).map(Version::number)).contains(2);
    }

    @Test
    default void anObjectWriteInAStagedVersionBumpsTheRevisionAndOneInADraftDoesNot() {
        givenShop();
        writeAll(tx -> {
            tx.insertVersion(draft(SHOP, 1));
            tx.insertVersion(draft(SHOP, 2));
            tx.bumpRevision();
            tx.updateVersion(draft(SHOP, 2).staged(T0));
        });
        long before = store().read(StoreTx::revision);

        writeAll(tx -> tx.insertObject(StoreFixtures.backend(SHOP, 1, "draft-origin")));
        assertThat(store().read(StoreTx::revision)).as("a draft's edit").isEqualTo(before);

        writeAll(tx -> tx.insertObject(StoreFixtures.backend(SHOP, 2, "staged-origin")));
        assertThat(store().read(StoreTx::revision)).as("the staged version's edit").isEqualTo(before + 1);
    }
}

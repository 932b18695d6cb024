package dev.yakata.store.internal;

import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * A store test that runs on H2 and on PostgreSQL: each test gets a database (a schema of its own, dropped afterwards)
 * and a store fixture over it, not yet started; a subclass's own {@code @Before} runs after this one and starts it as
 * it needs.
 */
@RunWith(Parameterized.class)
public abstract class StoreTestOnBothDatabases {

    @Parameters(name = "{0}")
    public static List<Object[]> databases() {
        return TestDatabase.kinds();
    }

    protected final String kind;
    private final String schemaName;
    protected TestDatabase db;
    protected StoreFixture store;

    protected StoreTestOnBothDatabases(String kind, String schemaName) {
        this.kind = kind;
        this.schemaName = schemaName;
    }

    @Before
    public final void openDatabase() throws Exception {
        db = TestDatabase.create(kind, schemaName);
        store = new StoreFixture(db.schema);
    }

    @After
    public final void closeDatabase() throws Exception {
        if (store != null) {
            store.close();
        }
        if (db != null) {
            db.close();
        }
    }
}

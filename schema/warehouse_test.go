package schema_test

import (
	"context"
	"testing"

	"bulletin/schema"
	"bulletin/warehouse"
)

// TestWarehouseTablesMatchTheModel opens a new warehouse and checks that its calls and activities
// tables have exactly the model's fields, with their types and nullability, besides the columns the
// warehouse keeps for every record (row_hash, file_id, line).
func TestWarehouseTablesMatchTheModel(t *testing.T) {
	w, err := warehouse.Open(context.Background(), "", "Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	bookkeeping := map[string]string{"row_hash": "BIGINT", "file_id": "INTEGER", "line": "BIGINT"}
	for _, table := range schema.Default().Tables {
		rows, err := w.DB.Query(`SELECT column_name, data_type, is_nullable FROM information_schema.columns
			WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position`, table.Name)
		if err != nil {
			t.Fatal(err)
		}
		columns := map[string][2]string{}
		for rows.Next() {
			var name, typ, nullable string
			if err := rows.Scan(&name, &typ, &nullable); err != nil {
				t.Fatal(err)
			}
			columns[name] = [2]string{typ, nullable}
		}
		rows.Close()
		for _, f := range table.Fields {
			got, ok := columns[f.Name]
			if !ok {
				t.Errorf("%s.%s: in the model, not in the warehouse", table.Name, f.Name)
				continue
			}
			delete(columns, f.Name)
			wantNullable := "YES"
			if f.NotNull() {
				wantNullable = "NO"
			}
			if got != [2]string{f.DuckDBType(), wantNullable} {
				t.Errorf("%s.%s: warehouse has %s nullable=%s, model says %s nullable=%s", table.Name, f.Name, got[0], got[1], f.DuckDBType(), wantNullable)
			}
		}
		for name, got := range columns {
			if bookkeeping[name] != got[0] || got[1] != "NO" {
				t.Errorf("%s.%s (%s): in the warehouse, not in the model", table.Name, name, got[0])
			}
		}
	}
}

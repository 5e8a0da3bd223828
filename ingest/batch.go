package ingest

import (
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// Fields that ingest adds to every staged row, after the canonical fields.
var stagingExtras = []field{
	{name: "row_hash", kind: kindInt},
	{name: "line", kind: kindInt},
}

// quarantineFields are the columns of a staged quarantine row.
var quarantineFields = []field{
	{name: "line", kind: kindInt},
	{name: "column_name", kind: kindText},
	{name: "value", kind: kindText},
	{name: "reason", kind: kindText},
	{name: "raw", kind: kindText},
	{name: "check_name", kind: kindText},
	{name: "record_key", kind: kindText},
	{name: "district", kind: kindText},
}

// flagFields are the columns of a staged flag: a fault of a kept row found while decoding it.
var flagFields = []field{
	{name: "line", kind: kindInt},
	{name: "check_name", kind: kindText},
	{name: "column_name", kind: kindText},
	{name: "value", kind: kindText},
	{name: "reason", kind: kindText},
}

// arrowType is the Arrow type a field's values are handed to DuckDB in.
func (f *field) arrowType() arrow.DataType {
	switch f.kind {
	case kindTime:
		return &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	case kindInt:
		return arrow.PrimitiveTypes.Int64
	case kindFloat:
		return arrow.PrimitiveTypes.Float64
	case kindBool:
		return arrow.FixedWidthTypes.Boolean
	case kindList:
		return arrow.ListOf(arrow.BinaryTypes.String)
	}
	return arrow.BinaryTypes.String
}

// sqlType is the DuckDB type of a staged field; it matches arrowType.
func (f *field) sqlType() string {
	switch f.kind {
	case kindTime:
		return "TIMESTAMPTZ"
	case kindInt:
		return "BIGINT"
	case kindFloat:
		return "DOUBLE"
	case kindBool:
		return "BOOLEAN"
	case kindList:
		return "VARCHAR[]"
	}
	return "VARCHAR"
}

// createTempTableSQL declares a temporary table with the given fields.
func createTempTableSQL(name string, fields []field) string {
	var b strings.Builder
	b.WriteString("CREATE OR REPLACE TEMP TABLE " + name + " (")
	for i, f := range fields {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(f.name + " " + f.sqlType())
	}
	b.WriteString(")")
	return b.String()
}

// batchBuilder accumulates parsed rows as an Arrow record batch.
type batchBuilder struct {
	fields  []field
	schema  *arrow.Schema
	builder *array.RecordBuilder
	rows    int
}

// arrowSchema is the Arrow schema of batches of the given fields.
func arrowSchema(fields []field) *arrow.Schema {
	arrowFields := make([]arrow.Field, len(fields))
	for i, f := range fields {
		arrowFields[i] = arrow.Field{Name: f.name, Type: f.arrowType(), Nullable: true}
	}
	return arrow.NewSchema(arrowFields, nil)
}

func newBatchBuilder(mem memory.Allocator, fields []field) *batchBuilder {
	schema := arrowSchema(fields)
	return &batchBuilder{fields: fields, schema: schema, builder: array.NewRecordBuilder(mem, schema)}
}

// append adds one row; vals holds one value per field, in order.
func (b *batchBuilder) append(vals []value) {
	for i, f := range b.fields {
		v := vals[i]
		col := b.builder.Field(i)
		if v.null {
			col.AppendNull()
			continue
		}
		switch f.kind {
		case kindTime:
			col.(*array.TimestampBuilder).Append(arrow.Timestamp(v.num))
		case kindInt:
			col.(*array.Int64Builder).Append(v.num)
		case kindFloat:
			col.(*array.Float64Builder).Append(v.real)
		case kindBool:
			col.(*array.BooleanBuilder).Append(v.flag)
		case kindList:
			list := col.(*array.ListBuilder)
			list.Append(true)
			items := list.ValueBuilder().(*array.StringBuilder)
			for _, item := range v.list {
				items.Append(item)
			}
		default:
			col.(*array.StringBuilder).Append(v.text)
		}
	}
	b.rows++
}

// flush returns the rows appended since the last flush as a record batch, or nil if there are none.
// The caller releases the batch.
func (b *batchBuilder) flush() arrow.RecordBatch {
	if b.rows == 0 {
		return nil
	}
	b.rows = 0
	return b.builder.NewRecordBatch()
}

// release frees the builder's memory.
func (b *batchBuilder) release() {
	b.builder.Release()
}

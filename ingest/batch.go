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
	// cols are the builders of the fields, typed once rather than for every cell.
	cols []typedBuilder
	rows int
}

// typedBuilder is the builder of one field, as the type its kind appends to.
type typedBuilder struct {
	any   array.Builder
	times *array.TimestampBuilder
	ints  *array.Int64Builder
	reals *array.Float64Builder
	flags *array.BooleanBuilder
	list  *array.ListBuilder
	items *array.StringBuilder // of list
	texts *array.StringBuilder
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
	b := &batchBuilder{fields: fields, schema: schema, builder: array.NewRecordBuilder(mem, schema)}
	b.cols = make([]typedBuilder, len(fields))
	for i, f := range fields {
		col := b.builder.Field(i)
		t := typedBuilder{any: col}
		switch f.kind {
		case kindTime:
			t.times = col.(*array.TimestampBuilder)
		case kindInt:
			t.ints = col.(*array.Int64Builder)
		case kindFloat:
			t.reals = col.(*array.Float64Builder)
		case kindBool:
			t.flags = col.(*array.BooleanBuilder)
		case kindList:
			t.list = col.(*array.ListBuilder)
			t.items = t.list.ValueBuilder().(*array.StringBuilder)
		default:
			t.texts = col.(*array.StringBuilder)
		}
		b.cols[i] = t
	}
	return b
}

// append adds one row; vals holds one value per field, in order.
func (b *batchBuilder) append(vals []value) {
	for i := range b.cols {
		v, col := &vals[i], &b.cols[i]
		switch {
		case v.null:
			col.any.AppendNull()
		case col.texts != nil:
			col.texts.Append(v.text)
		case col.times != nil:
			col.times.Append(arrow.Timestamp(v.num))
		case col.ints != nil:
			col.ints.Append(v.num)
		case col.reals != nil:
			col.reals.Append(v.real)
		case col.flags != nil:
			col.flags.Append(v.flag)
		case col.list != nil:
			col.list.Append(true)
			for _, item := range v.list {
				col.items.Append(item)
			}
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

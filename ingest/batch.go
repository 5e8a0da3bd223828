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

// batchBuilder accumulates parsed rows as the columns of an Arrow record batch. It writes the
// values into slices of its own, reused from batch to batch, and copies them into buffers of its
// allocator when it makes the batch: Arrow's builders check and grow their buffers at every value,
// which cost twice as much.
type batchBuilder struct {
	mem    memory.Allocator
	schema *arrow.Schema
	cols   []columnBuffer
	rows   int
}

// columnBuffer holds the values of one column of the batch being built: which buffers are used
// depends on the field's kind.
type columnBuffer struct {
	kind  kind
	valid []byte // validity bitmap, one bit a row, set when not null
	nulls int
	nums  []int64   // kindTime, kindInt
	reals []float64 // kindFloat
	flags []byte    // kindBool: a bitmap
	// offsets and data hold texts (every kind not above) and a list's items; lists holds the
	// offsets of each row's items in them.
	offsets []int32
	data    []byte
	lists   []int32
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
	b := &batchBuilder{mem: mem, schema: arrowSchema(fields), cols: make([]columnBuffer, len(fields))}
	for i, f := range fields {
		b.cols[i].kind = f.kind
		b.cols[i].reset()
	}
	return b
}

// reset empties the column for the next batch, keeping its slices.
func (c *columnBuffer) reset() {
	c.valid, c.nulls = c.valid[:0], 0
	c.nums, c.reals, c.flags, c.data = c.nums[:0], c.reals[:0], c.flags[:0], c.data[:0]
	c.offsets, c.lists = append(c.offsets[:0], 0), append(c.lists[:0], 0)
}

// setBit sets bit i of the bitmap bits, growing it by a byte where i starts one.
func setBit(bits []byte, i int, on bool) []byte {
	if i%8 == 0 {
		bits = append(bits, 0)
	}
	if on {
		bits[i/8] |= 1 << (i % 8)
	}
	return bits
}

// append adds one row; vals holds one value per field, in order.
func (b *batchBuilder) append(vals []value) {
	row := b.rows
	for i := range b.cols {
		v, c := &vals[i], &b.cols[i]
		c.valid = setBit(c.valid, row, !v.null)
		if v.null {
			c.nulls++
		}
		switch c.kind {
		case kindTime, kindInt:
			c.nums = append(c.nums, v.num)
		case kindFloat:
			c.reals = append(c.reals, v.real)
		case kindBool:
			c.flags = setBit(c.flags, row, v.flag && !v.null)
		case kindList:
			if !v.null {
				for _, item := range v.list {
					c.data = append(c.data, item...)
					c.offsets = append(c.offsets, int32(len(c.data)))
				}
			}
			c.lists = append(c.lists, int32(len(c.offsets)-1))
		default:
			if !v.null {
				c.data = append(c.data, v.text...)
			}
			c.offsets = append(c.offsets, int32(len(c.data)))
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
	n := b.rows
	// buffer copies bytes into a buffer of the builder's allocator, released once the arrays hold it.
	var buffers []*memory.Buffer
	buffer := func(bytes []byte) *memory.Buffer {
		buf := memory.NewResizableBuffer(b.mem)
		buf.Resize(len(bytes))
		copy(buf.Bytes(), bytes)
		buffers = append(buffers, buf)
		return buf
	}
	arrays := make([]arrow.Array, len(b.cols))
	for i := range b.cols {
		c := &b.cols[i]
		var valid *memory.Buffer
		if c.nulls > 0 {
			valid = buffer(c.valid)
		}
		typ := b.schema.Field(i).Type
		var data arrow.ArrayData
		switch c.kind {
		case kindTime, kindInt:
			data = array.NewData(typ, n, []*memory.Buffer{valid, buffer(arrow.Int64Traits.CastToBytes(c.nums))}, nil, c.nulls, 0)
		case kindFloat:
			data = array.NewData(typ, n, []*memory.Buffer{valid, buffer(arrow.Float64Traits.CastToBytes(c.reals))}, nil, c.nulls, 0)
		case kindBool:
			data = array.NewData(typ, n, []*memory.Buffer{valid, buffer(c.flags)}, nil, c.nulls, 0)
		case kindList:
			items := array.NewData(arrow.BinaryTypes.String, len(c.offsets)-1,
				[]*memory.Buffer{nil, buffer(arrow.Int32Traits.CastToBytes(c.offsets)), buffer(c.data)}, nil, 0, 0)
			data = array.NewData(typ, n, []*memory.Buffer{valid, buffer(arrow.Int32Traits.CastToBytes(c.lists))},
				[]arrow.ArrayData{items}, c.nulls, 0)
			items.Release()
		default:
			data = array.NewData(typ, n, []*memory.Buffer{valid, buffer(arrow.Int32Traits.CastToBytes(c.offsets)), buffer(c.data)}, nil, c.nulls, 0)
		}
		arrays[i] = array.MakeFromData(data)
		data.Release()
		c.reset()
	}
	for _, buf := range buffers {
		buf.Release()
	}
	rec := array.NewRecordBatch(b.schema, arrays, int64(n))
	for _, a := range arrays {
		a.Release()
	}
	b.rows = 0
	return rec
}

// release frees the builder's slices.
func (b *batchBuilder) release() {
	b.cols = nil
}

package ffmpeg

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
)

// CodecString reads an fMP4 init segment and returns its RFC 6381 codec
// string, e.g. "avc1.64001f" or "mp4a.40.2". It is read from what the encoder
// wrote (the avcC / esds boxes) rather than assumed, because x264 picks the
// level from size, frame rate and VBV settings.
func CodecString(initPath string) (string, error) {
	b, err := os.ReadFile(initPath)
	if err != nil {
		return "", err
	}
	s, err := codecFromBoxes(b)
	if err != nil {
		return "", fmt.Errorf("%s: %w", initPath, err)
	}
	return s, nil
}

var errNoCodec = errors.New("no avc1 or mp4a sample entry found")

// sampleEntryHeader is how many bytes precede the child boxes of a sample
// entry (ISO/IEC 14496-12 VisualSampleEntry and AudioSampleEntry v0).
var sampleEntryHeader = map[string]int{
	"avc1": 78, "avc3": 78,
	"mp4a": 28,
}

// codecFromBoxes walks moov/trak/mdia/minf/stbl/stsd down to the first
// sample entry it understands.
func codecFromBoxes(b []byte) (string, error) {
	for len(b) >= 8 {
		size := int(binary.BigEndian.Uint32(b))
		typ := string(b[4:8])
		hdr := 8
		if size == 1 && len(b) >= 16 {
			size, hdr = int(binary.BigEndian.Uint64(b[8:])), 16
		} else if size == 0 {
			size = len(b)
		}
		if size < hdr || size > len(b) {
			return "", fmt.Errorf("bad box %q", typ)
		}
		body := b[hdr:size]
		b = b[size:]
		switch typ {
		case "moov", "trak", "mdia", "minf", "stbl":
			if s, err := codecFromBoxes(body); err == nil {
				return s, nil
			}
		case "stsd":
			if len(body) < 8 {
				return "", errors.New("short stsd")
			}
			return codecFromBoxes(body[8:]) // version/flags, entry count
		case "avc1", "avc3", "mp4a":
			n := sampleEntryHeader[typ]
			if len(body) < n {
				return "", fmt.Errorf("short %s", typ)
			}
			return sampleEntryCodec(typ, body[n:])
		}
	}
	return "", errNoCodec
}

// sampleEntryCodec finds the decoder configuration among a sample entry's
// child boxes.
func sampleEntryCodec(entry string, b []byte) (string, error) {
	for len(b) >= 8 {
		size := int(binary.BigEndian.Uint32(b))
		if size < 8 || size > len(b) {
			return "", fmt.Errorf("bad box in %s", entry)
		}
		typ, body := string(b[4:8]), b[8:size]
		b = b[size:]
		switch typ {
		case "avcC":
			// configurationVersion, AVCProfileIndication,
			// profile_compatibility, AVCLevelIndication.
			if len(body) < 4 {
				return "", errors.New("short avcC")
			}
			return fmt.Sprintf("%s.%02x%02x%02x", entry, body[1], body[2], body[3]), nil
		case "esds":
			if len(body) < 4 {
				return "", errors.New("short esds")
			}
			return esdsCodec(body[4:]) // after version/flags
		}
	}
	return "", fmt.Errorf("no decoder configuration in %s", entry)
}

// esdsCodec reads the MPEG-4 descriptors in an esds box: ES_Descriptor (3)
// holds DecoderConfigDescriptor (4), whose object type (0x40 for MPEG-4
// audio) is followed by DecoderSpecificInfo (5) starting with the audio
// object type (2 for AAC-LC). Result: "mp4a.40.2".
func esdsCodec(b []byte) (string, error) {
	oti := -1
	for len(b) >= 2 {
		tag := b[0]
		b = b[1:]
		size := 0
		for i := 0; i < 4 && len(b) > 0; i++ { // 7 bits per byte, high bit = more
			c := b[0]
			b = b[1:]
			size = size<<7 | int(c&0x7f)
			if c&0x80 == 0 {
				break
			}
		}
		if size > len(b) {
			return "", errors.New("bad esds descriptor")
		}
		switch tag {
		case 3: // ES_Descriptor: ES_ID(2) flags(1) [dependsOn(2)] [URL] [OCR(2)], then children
			if size < 3 {
				return "", errors.New("short ES_Descriptor")
			}
			flags, rest := b[2], b[3:size]
			if flags&0x80 != 0 && len(rest) >= 2 {
				rest = rest[2:]
			}
			if flags&0x40 != 0 && len(rest) >= 1 {
				rest = rest[min(len(rest), 1+int(rest[0])):]
			}
			if flags&0x20 != 0 && len(rest) >= 2 {
				rest = rest[2:]
			}
			b = rest
			continue
		case 4: // DecoderConfigDescriptor: objectTypeIndication, 12 more bytes, children
			if size < 13 {
				return "", errors.New("short DecoderConfigDescriptor")
			}
			oti = int(b[0])
			b = b[13:size]
			continue
		case 5: // DecoderSpecificInfo (AudioSpecificConfig)
			if oti < 0 || size < 1 {
				return "", errors.New("DecoderSpecificInfo out of place")
			}
			aot := int(b[0] >> 3)
			if aot == 31 && size >= 2 { // escape: 32 + next 6 bits
				aot = 32 + (int(b[0]&7)<<3 | int(b[1]>>5))
			}
			return fmt.Sprintf("mp4a.%x.%d", oti, aot), nil
		}
		b = b[size:]
	}
	if oti >= 0 {
		return fmt.Sprintf("mp4a.%x", oti), nil
	}
	return "", errors.New("no DecoderConfigDescriptor in esds")
}

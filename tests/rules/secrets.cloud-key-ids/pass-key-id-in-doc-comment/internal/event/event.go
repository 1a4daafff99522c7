package event

// Event is what S3 Object Lambda sends, for example:
//
//	{
//	  "userIdentity": {
//	    "type": "IAMUser",
//	    "principalId": "AIDAJF5MO57RFXQCE5ZNC",
//	    "accessKeyId": "AKIA3WNQJCXE2DYPAU7R"
//	  },
//	  "protocolVersion": "1.00"
//	}
type Event struct {
	ProtocolVersion string `json:"protocolVersion"`
}

package vn.voiceroutes.model;

/** A record that cannot become a call: names the field and the reason, never a credential. */
public class InvalidRecordException extends RuntimeException {

    private final String field;

    public InvalidRecordException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
    }

    public String field() {
        return field;
    }

    public String reason() {
        String message = getMessage();
        return message.substring(field.length() + 2);
    }
}

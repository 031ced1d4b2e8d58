-brand = Lantern
welcome = Chào mừng bạn đến với { -brand }!
notes-left = Còn { $count } ghi chú
    .title = Số ghi chú bạn còn tạo được
